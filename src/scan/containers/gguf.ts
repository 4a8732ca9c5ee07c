import { noteFormat, report, type ScanContext } from '../context.ts';
import type { ByteSource } from '../source.ts';
import { Cursor, TruncatedError } from '../pickle/cursor.ts';

/**
 * GGUF (llama.cpp): magic, version, tensor and metadata counts, then typed key/value pairs. The scanner
 * walks the metadata with bounds on every count and length, and checks `tokenizer.chat_template*` for
 * Jinja that reaches Python internals (sandbox escapes in non-sandboxed renderers).
 */
const MAX_STRING = 64 * 1024 * 1024;
const MAX_COUNT = 100_000_000;
const fixed: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

const risky: [RegExp, string, 'dangerous' | 'suspicious'][] = [
  [/__(class|globals|builtins|subclasses|mro|base|bases|init|import|getattribute|dict|code|reduce(_ex)?)__/, 'Python dunder attributes', 'dangerous'],
  [/\b(lipsum|cycler|joiner|url_for|get_flashed_messages|self\._TemplateReference__context)\b/, 'Jinja globals used in sandbox escapes', 'suspicious'],
  [/\bos\s*\.\s*(popen|system)|\bsubprocess\b|\beval\s*\(|\bexec\s*\(|\bimport\s+os\b/, 'shell or eval', 'dangerous'],
  [/\|\s*attr\s*\(\s*['"][^'"]*(_|\\x5f)/, 'attr() filter on an underscore name', 'dangerous'],
  [/\\x5f\\x5f|\\u005f\\u005f/, 'escaped double underscores', 'dangerous'],
];

export function scanGguf(source: ByteSource, ctx: ScanContext): void {
  noteFormat(ctx, 'gguf');
  const cur = new Cursor(source);
  try {
    cur.skip(4);
    const version = cur.u32();
    if (version < 1 || version > 3) return void report(ctx, 'format/malformed', `GGUF version ${version} is unknown`, { offset: 4 });
    const wide = version >= 2;
    const tensors = wide ? cur.u64() : cur.u32();
    const kvs = wide ? cur.u64() : cur.u32();
    if (tensors > MAX_COUNT || kvs > MAX_COUNT) return void report(ctx, 'format/malformed', `GGUF counts ${tensors}/${kvs} are implausible`, { offset: 8 });
    const str = (): string => {
      const n = wide ? cur.u64() : cur.u32();
      if (n > MAX_STRING) throw new TruncatedError(`string of ${n} bytes`);
      return new TextDecoder().decode(cur.bytes(n));
    };
    const skipValue = (type: number, depth: number): string | undefined => {
      if (type in fixed) return void cur.skip(fixed[type]!);
      if (type === 8) return str();
      if (type === 9 && depth < 4) {
        const inner = cur.u32();
        const count = wide ? cur.u64() : cur.u32();
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
      const value = skipValue(cur.u32(), 0);
      if (value !== undefined && key.startsWith('tokenizer.chat_template')) checkTemplate(ctx, key, value, at);
    }
  } catch (e) {
    report(ctx, 'format/malformed', `GGUF metadata unreadable at byte ${cur.pos}: ${(e as Error).message}`, { offset: cur.pos });
  }
}

function checkTemplate(ctx: ScanContext, key: string, template: string, offset: number): void {
  for (const [pattern, why, level] of risky) {
    const m = pattern.exec(template);
    if (m) {
      const start = Math.max(0, m.index - 40);
      report(ctx, 'gguf/chat-template', `${key} uses ${why}: …${template.slice(start, m.index + 60)}…`, { offset, args: m[0], level });
      return;
    }
  }
}
