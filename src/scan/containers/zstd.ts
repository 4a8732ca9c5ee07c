import type { CappedOutput } from './capped-output.ts';
import { OutputCapReached } from './capped-output.ts';

/**
 * Zstandard through fzstd (pure JavaScript, by the author of fflate). Before fzstd sees a byte, the
 * frames are walked here (RFC 8878 §3.1: frame header, block headers, skippable frames): fzstd allocates a
 * frame's whole window up front, so a 4-byte header declaring a 2 GB window would cost gigabytes. The walk
 * refuses windows above 128 MB (what the reference `zstd` decodes without `--memory`) and finds where the
 * frames end; each frame is then streamed block by block into the capped output, which stops it at the cap.
 *
 * fzstd's one-shot mode would be faster for large windows, but it writes past a frame's declared content
 * size silently (RLE blocks are clamped, later blocks dropped), while streaming loaders hand those bytes to
 * `pickle.load` before libzstd notices the mismatch — so only the streaming mode is used. Its cost: fzstd
 * shifts the whole window once per 128 KB block, so `--long`/`--ultra` frames (64–128 MB windows) decode
 * at ~4 MB/s and a large one ends at the deadline, inconclusive; default levels (≤ 8 MB windows) do not.
 */
const MAX_WINDOW = 128 * 1024 * 1024;

export interface ZstdFrame {
  start: number;
  end: number;
}

type Problem = { kind: 'malformed' | 'unsupported' | 'trailing'; message: string; truncatedFrame?: boolean };
/** `partial`: a last frame cut short after a valid header — streamed anyway, as far as its blocks go. */
export type ZstdWalk = { frames: ZstdFrame[]; end: number; partial?: number; problem?: Problem };

export function walkZstd(b: Uint8Array): ZstdWalk {
  const frames: ZstdFrame[] = [];
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  let at = 0;
  const stop = (kind: 'malformed' | 'unsupported' | 'trailing', message: string): ZstdWalk => ({ frames, end: at, problem: { kind, message } });
  while (at < b.length) {
    if (at + 4 > b.length) return stop(frames.length ? 'trailing' : 'malformed', `${b.length - at} stray bytes at ${at}`);
    const magic = view.getUint32(at, true);
    if (magic >>> 4 === 0x184d2a5) {
      if (at + 8 > b.length) return stop('malformed', `skippable frame at ${at} is truncated`);
      const next = at + 8 + view.getUint32(at + 4, true);
      if (next > b.length) return stop('malformed', `skippable frame at ${at} runs past the end`);
      at = next;
      continue;
    }
    if (magic !== 0xfd2fb528) return stop(frames.length ? 'trailing' : 'malformed', `no zstd frame at byte ${at}`);
    const frame = walkFrame(b, at);
    if ('kind' in frame) return { ...stop(frame.kind, frame.message), ...(frame.truncatedFrame ? { partial: at } : {}) };
    frames.push(frame);
    at = frame.end;
  }
  return { frames, end: at };
}

function walkFrame(b: Uint8Array, start: number): ZstdFrame | Problem {
  const cut = { kind: 'malformed' as const, message: `zstd frame at ${start} is truncated` };
  let at = start + 4;
  if (at + 1 > b.length) return cut;
  const fhd = b[at++]!;
  const singleSegment = (fhd >> 5) & 1;
  const sizeBytes = [singleSegment, 2, 4, 8][fhd >> 6]!;
  const dictBytes = [0, 1, 2, 4][fhd & 3]!;
  if (fhd & 8) return { kind: 'malformed', message: `zstd frame at ${start} sets a reserved header bit` };
  let window = 0;
  if (!singleSegment) {
    if (at + 1 > b.length) return cut;
    const wd = b[at++]!;
    const base = 2 ** (10 + (wd >> 3));
    window = base + (base / 8) * (wd & 7);
  }
  if (at + dictBytes + sizeBytes > b.length) return cut;
  let dictionary = 0;
  for (let k = dictBytes - 1; k >= 0; k--) dictionary = dictionary * 256 + b[at + k]!;
  at += dictBytes;
  let contentSize: number | undefined;
  if (sizeBytes) {
    contentSize = 0;
    for (let k = sizeBytes - 1; k >= 0; k--) contentSize = contentSize * 256 + b[at + k]!;
    if (sizeBytes === 2) contentSize += 256;
    at += sizeBytes;
  }
  if (singleSegment) window = contentSize ?? 0;
  if (dictionary !== 0) return { kind: 'unsupported', message: `zstd frame at ${start} needs external dictionary ${dictionary}` };
  if (window > MAX_WINDOW) return { kind: 'unsupported', message: `zstd frame at ${start} declares a ${window}-byte window, over the ${MAX_WINDOW}-byte decoder limit` };
  const truncated = { ...cut, truncatedFrame: true };
  for (;;) {
    if (at + 3 > b.length) return truncated;
    const header = b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
    const type = (header >> 1) & 3;
    at += 3 + (type === 1 ? 1 : header >>> 3);
    if (type === 3) return { kind: 'malformed', message: `zstd block at ${at} has the reserved type` };
    if (at > b.length) return truncated;
    if (header & 1) break;
  }
  if (fhd & 4) at += 4;
  if (at > b.length) return truncated;
  return { start, end: at };
}

/** Decodes the walked frames into `out`; returns an error message, or undefined when all was read. */
export async function decodeZstd(input: Uint8Array, walk: ZstdWalk, out: CappedOutput): Promise<string | undefined> {
  const { Decompress } = await import('fzstd');
  const frames: ZstdFrame[] = [...walk.frames, ...(walk.partial !== undefined ? [{ start: walk.partial, end: input.length }] : [])];
  try {
    for (const f of frames) {
      const bytes = input.subarray(f.start, f.end);
      const stream = new Decompress((chunk) => {
        if (!out.push(chunk)) throw new OutputCapReached();
      });
      // A cut frame is pushed without `final`: fzstd emits its complete blocks and waits for the rest.
      const final = f.start !== walk.partial;
      for (let at = 0; at < bytes.length; at += 1 << 20) stream.push(bytes.subarray(at, Math.min(bytes.length, at + (1 << 20))), final && at + (1 << 20) >= bytes.length);
    }
    return undefined;
  } catch (e) {
    if (e instanceof OutputCapReached) return undefined;
    return (e as Error).message;
  }
}
