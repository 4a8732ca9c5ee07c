import { noteFormat, report, type ScanContext } from '../context.ts';
import { sliceSource, type ByteSource } from '../source.ts';

/**
 * safetensors, validated as huggingface/safetensors does (README; src/tensor.rs): an 8-byte little-endian
 * header length up to 100 MB, a JSON object (space padding allowed), string-to-string `__metadata__`, and
 * tensors whose dtype × shape match their offsets, which must tile the data buffer with no overlap, no
 * hole and nothing after the last tensor — so no second payload can hide inside.
 */
const MAX_HEADER = 100_000_000;
const dtypeBits: Record<string, number> = {
  BOOL: 8, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, I16: 16, U16: 16, F16: 16, BF16: 16, I32: 32, U32: 32,
  F32: 32, F64: 64, I64: 64, U64: 64, C64: 64, F4: 4, F6_E2M3: 6, F6_E3M2: 6,
};

export function scanSafetensors(source: ByteSource, ctx: ScanContext): void {
  noteFormat(ctx, 'safetensors');
  const bad = (message: string, offset = 0): void => report(ctx, 'safetensors/invalid-header', message, { offset });
  const head = source.read(0, 8);
  const n = Number(new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true));
  if (n > MAX_HEADER) return bad(`header length ${n} exceeds the 100 MB limit`);
  if (8 + n > source.size) return bad(`header length ${n} runs past the end of the file`);
  const text = new TextDecoder('utf-8', { fatal: true });
  let header: unknown;
  let raw: string;
  try {
    raw = text.decode(source.read(8, n));
    if (!raw.startsWith('{')) return bad('header does not start with "{"', 8);
    header = JSON.parse(raw);
  } catch (e) {
    return bad(`header is not UTF-8 JSON: ${(e as Error).message}`, 8);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return bad('header is not a JSON object', 8);
  const dataSize = source.size - 8 - n;
  const spans: { name: string; begin: number; end: number }[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Object.values(entry).some((v) => typeof v !== 'string')) bad('__metadata__ must map strings to strings', 8);
      continue;
    }
    const t = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const bits = typeof t.dtype === 'string' ? dtypeBits[t.dtype] : undefined;
    const shape = Array.isArray(t.shape) && t.shape.every((d) => Number.isSafeInteger(d) && d >= 0) ? (t.shape as number[]) : undefined;
    const offsets = Array.isArray(t.data_offsets) && t.data_offsets.length === 2 && t.data_offsets.every((d) => Number.isSafeInteger(d) && d >= 0) ? (t.data_offsets as [number, number]) : undefined;
    if (bits === undefined || !shape || !offsets) {
      bad(`tensor ${JSON.stringify(name)} has an invalid dtype, shape or data_offsets`, 8);
      continue;
    }
    const [begin, end] = offsets;
    const expected = (shape.reduce((a, d) => a * d, 1) * bits) / 8;
    if (end < begin || end - begin !== expected) bad(`tensor ${JSON.stringify(name)} spans ${end - begin} bytes, ${t.dtype} ${JSON.stringify(shape)} needs ${expected}`, 8);
    if (end > dataSize) bad(`tensor ${JSON.stringify(name)} ends at ${end}, past the ${dataSize}-byte data buffer`, 8 + n + begin);
    spans.push({ name, begin, end });
  }
  const declared = (raw.match(/"data_offsets"\s*:/g) ?? []).length;
  if (declared > spans.length) bad(`header declares ${declared} tensors but ${spans.length} distinct names: duplicate keys`, 8);
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const s of spans) {
    if (s.begin < at) bad(`tensor ${JSON.stringify(s.name)} overlaps the previous tensor at ${s.begin}`, 8 + n + s.begin);
    else if (s.begin > at) report(ctx, 'safetensors/hole', `${s.begin - at} bytes at data offset ${at} belong to no tensor`, { offset: 8 + n + at });
    at = Math.max(at, s.end);
  }
  if (at < dataSize) {
    report(ctx, 'safetensors/hole', `${dataSize - at} bytes after the last tensor belong to no tensor`, { offset: 8 + n + at });
    // A polyglot hides a second file there: scan it like any member.
    ctx.nested(sliceSource(source, 8 + n + at, dataSize - at), `@${8 + n + at}:tail`);
  }
}
