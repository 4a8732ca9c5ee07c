import { report, type ScanContext } from '../context.ts';
import { bufferSource } from '../source.ts';

/**
 * What `inputSize` compressed bytes may inflate to: `total`, the smaller of what is left of the file's
 * budget and the ratio cap (200:1, but never under 1 MB); `perMember`, that and the member cap.
 */
export function inflationCap(ctx: ScanContext, inputSize: number): { total: number; perMember: number } {
  const left = ctx.limits.maxTotalInflated - ctx.sink.inflated;
  const total = Math.max(0, Math.min(left, Math.max(1 << 20, inputSize * ctx.limits.maxRatio)));
  return { total, perMember: Math.min(ctx.limits.maxMemberBytes, total) };
}

/**
 * Decompressed output held to the same caps as `inflateCapped`: the smallest of the member cap, what is
 * left of the file's total budget and the ratio cap (200:1, but never under 1 MB) — and to the file's
 * deadline. A decoder pushes chunks; once a cap is reached the part that fits is kept and `push` returns
 * false, so the decoder can stop at the cap instead of inflating the whole bomb.
 */
export class CappedOutput {
  readonly max: number;
  stopped: 'size' | 'time' | 'declared' | undefined;
  /** For `declared`: the most the refused part could inflate to, by its headers. */
  declared = 0;
  private chunks: Uint8Array[] = [];
  private size = 0;

  constructor(
    private readonly ctx: ScanContext,
    inputSize: number,
  ) {
    this.max = inflationCap(ctx, inputSize).perMember;
  }

  get length(): number {
    return this.size;
  }

  get room(): number {
    return this.max - this.size;
  }

  /** Adds a chunk (copied unless `owned`: decoders reuse their buffers). False once a cap or the deadline is reached. */
  push(chunk: Uint8Array, owned = false): boolean {
    if (this.stopped) return false;
    if (Date.now() > this.ctx.deadline) {
      this.stopped = 'time';
      return false;
    }
    const take = Math.min(chunk.length, this.room);
    if (take > 0) {
      // Uint8Array's slice, which copies: a Buffer's `slice` is a view.
      this.chunks.push(owned ? chunk.subarray(0, take) : Uint8Array.prototype.slice.call(chunk, 0, take));
      this.size += take;
    }
    if (take < chunk.length) this.stopped = 'size';
    return !this.stopped;
  }

  /** Refuses a part whose headers say it could inflate past the cap, for decoders that cannot stop midway. */
  refuse(declared: number): void {
    this.stopped = 'declared';
    this.declared = declared;
  }

  bytes(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0]!;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.chunks = [out];
    return out;
  }
}

/** Thrown from a decoder's output callback to stop it at a cap; never escapes the reader. */
export class OutputCapReached extends Error {}

/**
 * Reports how a single-stream decode ended and scans what it produced — also after a cap or an error:
 * loaders stream (`pickle.load(lzma.open(f))` runs opcodes as they arrive), so a payload before the break
 * still counts, and the verdict stays inconclusive because the rest was not read.
 */
export function finishStream(ctx: ScanContext, out: CappedOutput, member: string, what: string, error?: string): void {
  const scanned = out.length > 0 ? `; the first ${out.length} bytes were scanned` : '';
  if (out.stopped === 'size') {
    report(ctx, 'archive/bomb', `${what} inflates past ${out.max} bytes (size cap or ${ctx.limits.maxRatio}:1 ratio)${scanned}`);
  } else if (out.stopped === 'declared') {
    report(ctx, 'archive/bomb', `${what} could inflate to ${out.declared} bytes by its block headers, over the ${out.room}-byte room left under the cap; not decoded${scanned}`);
  } else if (out.stopped === 'time') {
    report(ctx, 'archive/bomb', `${what}: time limit reached while decompressing${scanned}`);
  } else if (error !== undefined) {
    report(ctx, 'archive/malformed', `${what} does not decompress: ${error}${scanned}`);
  }
  ctx.sink.inflated += out.length;
  if (out.length > 0) ctx.nested(bufferSource(out.bytes()), member);
}
