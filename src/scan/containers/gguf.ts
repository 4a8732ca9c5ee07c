import { noteFormat, report, type ScanContext } from '../context.ts';
import type { ByteSource } from '../source.ts';
import { Cursor, TruncatedError } from '../pickle/cursor.ts';
import { checkTemplate } from './jinja-template.ts';

/**
 * GGUF (llama.cpp): magic, version, tensor and metadata counts, then typed key/value pairs. The scanner
 * walks the metadata with bounds on every count and length, and hands `tokenizer.chat_template*` to the
 * Jinja analyser (jinja-template.ts): sandbox escapes in non-sandboxed renderers.
 */
const MAX_STRING = 64 * 1024 * 1024;
const MAX_COUNT = 100_000_000;
const fixed: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };


export function scanGguf(source: ByteSource, ctx: ScanContext): void {
  noteFormat(ctx, 'gguf');
  const cur = new Cursor(source);
  try {
    cur.skip(4);
    // gguf-py (and transformers' GGUF loader, which uses it) reads big-endian files too: a version whose
    // low 16 bits are zero says the file is byte-swapped.
    const head = cur.bytes(4);
    const bigEndian = (head[0] ?? 0) === 0 && (head[1] ?? 0) === 0;
    const view = (n: number): DataView => {
      const b = cur.bytes(n);
      return new DataView(b.buffer, b.byteOffset, b.byteLength);
    };
    const u32 = (): number => view(4).getUint32(0, !bigEndian);
    const u64 = (): number => Number(view(8).getBigUint64(0, !bigEndian));
    const version = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, !bigEndian);
    if (version < 1 || version > 3) return void report(ctx, 'format/malformed', `GGUF version ${version} is unknown`, { offset: 4 });
    const wide = version >= 2;
    const tensors = wide ? u64() : u32();
    const kvs = wide ? u64() : u32();
    if (tensors > MAX_COUNT || kvs > MAX_COUNT) return void report(ctx, 'format/malformed', `GGUF counts ${tensors}/${kvs} are implausible`, { offset: 8 });
    const str = (): string => {
      const n = wide ? u64() : u32();
      if (n > MAX_STRING) throw new TruncatedError(`string of ${n} bytes`);
      return new TextDecoder().decode(cur.bytes(n));
    };
    const skipValue = (type: number, depth: number): string | undefined => {
      if (type in fixed) return void cur.skip(fixed[type]!);
      if (type === 8) return str();
      if (type === 9 && depth < 4) {
        const inner = u32();
        const count = wide ? u64() : u32();
        if (count > MAX_COUNT) throw new TruncatedError(`array of ${count} items`);
        if (inner in fixed) cur.skip(fixed[inner]! * count);
        else for (let k = 0; k < count; k++) skipValue(inner, depth + 1);
        return undefined;
      }
      throw new TruncatedError(`unknown value type ${type}`);
    };
    for (let k = 0; k < kvs; k++) {
      if (Date.now() > ctx.deadline) return void report(ctx, 'pickle/limit', 'time limit reached in GGUF metadata');
      const at = cur.pos;
      const key = str();
      const value = skipValue(u32(), 0);
      if (value !== undefined && key.startsWith('tokenizer.chat_template')) checkTemplate(ctx, 'gguf/chat-template', key, value, at);
    }
  } catch (e) {
    report(ctx, 'format/malformed', `GGUF metadata unreadable at byte ${cur.pos}: ${(e as Error).message}`, { offset: cur.pos });
  }
}
