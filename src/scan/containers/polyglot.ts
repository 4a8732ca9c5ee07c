import { report, type ScanContext } from '../context.ts';
import { isOpcode } from '../pickle/opcodes.ts';
import { scanPickle } from '../pickle/scan.ts';
import { sliceSource, type ByteSource } from '../source.ts';
import { isLzmaAlone, isSafetensors, isTarHeader, type Format } from './detect.ts';
import { hasZipBehind } from './zip-reader.ts';

/**
 * A file is whatever every loader that accepts it makes of it. Magic bytes pick the main reader; these
 * are the other readings a loader could take of the same bytes, each of which is scanned too:
 * `zipfile` and `torch.load` find a ZIP by its end-of-central-directory record whatever comes first;
 * `tarfile` accepts any first block whose checksum holds (no `ustar` magic needed); h5py finds a
 * superblock at 512, 1024, 2048… bytes; `lzma.open` and `safetensors` take a header without a magic.
 */
export function otherReadings(source: ByteSource, primary: Format): Format[] {
  const out: Format[] = [];
  const head = source.read(0, 1024);
  if (primary !== 'zip' && hasZipBehind(source)) out.push('zip');
  if (primary !== 'tar' && isTarHeader(head)) out.push('tar');
  if (primary !== 'hdf5' && hdf5Superblocks(source).length) out.push('hdf5');
  if (primary !== 'safetensors' && isSafetensors(source, head)) out.push('safetensors');
  if (primary !== 'lzma' && primary !== 'zip' && isLzmaAlone(head) && head[1] === 0 && head[2] === 0) out.push('lzma');
  return out;
}

/** Offsets where h5py would find a superblock: 0, then 512 × 2ⁿ (the HDF5 user block sizes). */
export function hdf5Superblocks(source: ByteSource): number[] {
  const found: number[] = [];
  for (let at = 0; at < Math.min(source.size, 1 << 30); at = at === 0 ? 512 : at * 2) {
    if (isHdf5Signature(source.read(at, 8))) found.push(at);
  }
  return found;
}

function isHdf5Signature(b: Uint8Array): boolean {
  const sig = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  return b.length === 8 && sig.every((c, k) => b[k] === c);
}

/**
 * `pickle.load(open(path, 'rb'))` — and `torch.load` of a non-ZIP, `joblib.load` and `np.load` of a file
 * without their magic — start unpickling at the first byte whatever the format. A header whose bytes are
 * also opcodes (a tar name field, GGUF's `G`, a zstd skippable frame `U`…, a `.lzma` properties byte)
 * runs its calls before anything breaks. So every file read as another format is also run through the
 * pickle engine from `offset`: a dangerous call found there is reported as is; other findings of such a
 * reading count only when the bytes form a complete pickle stream (else they are the format's own bytes
 * misread as opcodes, and a broken stream there says nothing).
 */
export function probePickle(source: ByteSource, ctx: ScanContext, offset = 0): void {
  const at = offset ? sliceSource(source, offset, source.size - offset) : source;
  const first = at.read(0, 1)[0];
  if (first === undefined || !isOpcode(first)) return;
  const findings = ctx.sink.findings;
  const before = findings.length;
  const probeCtx = offset ? { ...ctx, member: [...ctx.member, `@${offset}:pickle`] } : ctx;
  if (scanPickle(at, probeCtx, true) === 'not-pickle') return;
  const added = findings.splice(before);
  const complete = !added.some((f) => f.rule === 'pickle/broken-stream' || f.rule === 'pickle/trailing-data' || f.rule === 'pickle/limit');
  const kept = added.filter((f) => f.level === 'dangerous' || (complete && f.level !== 'inconclusive'));
  if (!kept.some((f) => f.level !== 'info')) return;
  findings.push(...kept);
  report(probeCtx, 'format/polyglot', `the file is also read as a pickle from byte ${offset} (pickle.load, torch.load, joblib.load and np.load start there); that reading was scanned`, { offset });
}

/** HDF5 user-block offsets (512 × 2ⁿ) before the first superblock: where tools keep data of their own. */
export function userBlockOffsets(source: ByteSource): number[] {
  const first = hdf5Superblocks(source)[0] ?? 0;
  const out: number[] = [];
  for (let at = 512; at < first; at *= 2) out.push(at);
  return out;
}

/** Payloads of zstd/LZ4 skippable frames (magic 0x184D2A5?, a 4-byte size): decoders step over them. */
export function skippablePayloads(source: ByteSource): number[] {
  const out: number[] = [];
  let at = 0;
  for (let k = 0; k < 64 && at + 8 <= source.size; k++) {
    const b = source.read(at, 8);
    const view = new DataView(b.buffer, b.byteOffset, 8);
    if (view.getUint32(0, true) >>> 4 !== 0x184d2a5) break;
    const size = view.getUint32(4, true);
    if (size > 0) out.push(at + 8);
    at += 8 + size;
  }
  return out;
}
