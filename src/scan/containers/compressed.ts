import { noteFormat, report, type ScanContext } from '../context.ts';
import { bufferSource, type ByteSource } from '../source.ts';
import { CappedOutput, finishStream } from './capped-output.ts';
import { decodeLz4, walkLz4, type Lz4Walk } from './lz4.ts';
import { withSevenZip, type SevenZipRun } from './seven-zip.ts';
import { decodeZstd, walkZstd, type ZstdWalk } from './zstd.ts';

/**
 * Single-stream compression around a model or a tar: bzip2, xz and legacy .lzma (7-Zip), zstd (fzstd),
 * LZ4 frames (lz4-napi). The output is scanned as a nested member named after the tool that undoes it
 * (`model.tar.xz!/<unxz>!/model.pt`), under the same caps as gzip; concatenated streams are read whole,
 * as the command-line tools and Python's `bz2`/`lzma` modules read them.
 */
export type StreamFormat = 'bzip2' | 'xz' | 'lzma' | 'zstd' | 'lz4';

const MEMBER: Record<StreamFormat, string> = { bzip2: '<bunzip2>', xz: '<unxz>', lzma: '<unlzma>', zstd: '<unzstd>', lz4: '<unlz4>' };

export async function scanCompressed(source: ByteSource, ctx: ScanContext, format: StreamFormat): Promise<void> {
  noteFormat(ctx, format);
  const what = `${format} stream`;
  if (source.size > ctx.limits.maxMemberBytes) {
    report(ctx, 'archive/bomb', `${what} of ${source.size} bytes is over the member cap`);
    return;
  }
  const input = source.read(0, source.size);
  const out = new CappedOutput(ctx, input.length);
  const error = await decodeStream(ctx, input, format, out);
  finishStream(ctx, out, MEMBER[format], what, error);
}

/**
 * Decodes one stream of `format` into `out`, which holds it to the caps; trailing data and frames the
 * decoders refuse are reported on `ctx`. Returns why decoding failed, or undefined when all was read or a
 * cap stopped it (`out.stopped`). Also used for ZIP members compressed with these methods.
 */
export async function decodeStream(ctx: ScanContext, input: Uint8Array, format: StreamFormat, out: CappedOutput): Promise<string | undefined> {
  if (format === 'zstd') {
    const walk = walkZstd(input);
    const broken = walkProblem(ctx, format, input.length, walk, input);
    return (await decodeZstd(input, walk, out)) ?? broken;
  }
  if (format === 'lz4') {
    const walk = walkLz4(input);
    const broken = walkProblem(ctx, format, input.length, walk, input);
    return (await decodeLz4(input, walk.frames, out)) ?? broken;
  }
  const stream = format === 'lzma' ? lzmaFor7Zip(input, out.max) : input;
  const outcome = await withSevenZip(stream, format, ctx.deadline, (session) => sevenZipOutcome(ctx, session.extract({ perFile: out.max, total: out.max, deadline: ctx.deadline }), out));
  if (outcome === 'late') out.stopped = 'time';
  return outcome === 'late' ? undefined : outcome;
}

/**
 * A legacy .lzma header as 7-Zip opens it. 7-Zip takes a dictionary of 2ⁿ or 3·2ⁿ bytes (or 2³²−1);
 * liblzma's `.lzma` decoder (`lzma.open(…, format=FORMAT_ALONE)`) takes any size, and `detect` sends a
 * header with another size here when its size field says "unknown". Rounding up lets 7-Zip decode what
 * liblzma decodes: a larger window reads the same stream. The window is also held to the output cap: 7-Zip
 * allocates it whole (a 2 GB or 2³²−1 window fails in its 32-bit memory), and no match can reach further
 * back than the output written, which the cap bounds.
 */
export function lzmaFor7Zip(input: Uint8Array, cap: number): Uint8Array {
  if (input.length < 13) return input;
  const declared = new DataView(input.buffer, input.byteOffset, 5).getUint32(1, true);
  const window = dictionarySize(Math.min(declared, Math.max(cap, 1)));
  if (window === declared) return input;
  // A copy, never a view: `Buffer#slice` would share (and patch) the caller's bytes.
  const copy = new Uint8Array(input);
  new DataView(copy.buffer).setUint32(1, window, true);
  return copy;
}

function dictionarySize(declared: number): number {
  for (let n = 12; n <= 31; n++) {
    if (declared <= 2 ** n) return 2 ** n;
    if (declared <= 3 * 2 ** (n - 1)) return 3 * 2 ** (n - 1);
  }
  return 0xffffffff;
}

/** What the frame walk found beyond the frames it could hand to the decoder: a finding, or an error. */
function walkProblem(ctx: ScanContext, format: StreamFormat, size: number, walk: ZstdWalk | Lz4Walk, input?: Uint8Array): string | undefined {
  const p = walk.problem;
  if (p?.kind === 'trailing') {
    report(ctx, 'format/trailing-data', `${size - walk.end} bytes after the last ${format} frame (${p.message}); decoders stop or fail there, a reader that goes on from there does not: they were scanned`, { offset: walk.end });
    if (input) ctx.nested(bufferSource(input.subarray(walk.end)), `@${walk.end}:trailing`);
  }
  if (p?.kind === 'unsupported') report(ctx, 'archive/unsupported', `${p.message}; not decompressed past byte ${walk.end}`, { offset: walk.end });
  return p?.kind === 'malformed' ? p.message : undefined;
}

/** Moves 7-Zip's single output file into `out` and turns its messages into a finding or an error. */
function sevenZipOutcome(ctx: ScanContext, run: SevenZipRun, out: CappedOutput): string | undefined {
  for (const f of run.files) out.push(f.data, true);
  if (run.stopped) out.stopped = run.stopped;
  let error: string | undefined;
  for (const m of run.messages) {
    if (/data after the end/i.test(m)) report(ctx, 'format/trailing-data', `bytes after the end of the compressed data (7-Zip: ${m}); decoders stop or fail there`);
    else if (!run.stopped) error ??= m;
  }
  if (run.exitCode === undefined && !run.stopped) error ??= '7-Zip stopped with an internal error';
  else if (run.exitCode !== 0 && !run.stopped && error === undefined && !run.messages.length) error = `7-Zip exited with code ${run.exitCode}`;
  return error;
}
