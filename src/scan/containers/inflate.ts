import { crc32, inflateRawSync, inflateSync, gunzipSync } from 'node:zlib';
import { report, type ScanContext } from '../context.ts';

/**
 * Decompression under the scan's caps: per-member size, compression ratio and the file's total budget.
 * Returns undefined (after reporting why) instead of throwing, so a bomb is a finding, not a crash.
 */
export function inflateCapped(ctx: ScanContext, kind: 'raw' | 'zlib' | 'gzip', input: Uint8Array, claimedSize: number | undefined, where: { offset?: number; what: string }): Uint8Array | undefined {
  const left = ctx.limits.maxTotalInflated - ctx.sink.inflated;
  const cap = Math.min(ctx.limits.maxMemberBytes, left);
  if (claimedSize !== undefined && claimedSize > cap) {
    report(ctx, 'archive/bomb', `${where.what} would inflate to ${claimedSize} bytes, over the ${cap}-byte cap`, where.offset !== undefined ? { offset: where.offset } : {});
    return undefined;
  }
  const ratioCap = Math.max(1 << 20, input.length * ctx.limits.maxRatio);
  const max = Math.min(cap, ratioCap);
  try {
    const opts = { maxOutputLength: Math.max(1, max) };
    const out = kind === 'raw' ? inflateRawSync(input, opts) : kind === 'zlib' ? inflateSync(input, opts) : gunzipSync(input, opts);
    ctx.sink.inflated += out.length;
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      report(ctx, 'archive/bomb', `${where.what} inflates past ${max} bytes (size cap or ${ctx.limits.maxRatio}:1 ratio)`, where.offset !== undefined ? { offset: where.offset } : {});
    } else {
      report(ctx, 'archive/malformed', `${where.what} does not inflate: ${(e as Error).message}`, where.offset !== undefined ? { offset: where.offset } : {});
    }
    return undefined;
  }
}

export function crcOf(data: Uint8Array): number {
  return crc32(data) >>> 0;
}
