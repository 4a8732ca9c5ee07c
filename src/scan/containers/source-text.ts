import { dirname } from 'node:path';
import { noteFormat, report, type ScanContext } from '../context.ts';
import type { ByteSource } from '../source.ts';
import { HF_KEYS, chatTemplates, isHfConfig, parsePythonJson, remoteCodeRefs } from './hf-config.ts';
import { checkTemplate } from './jinja-template.ts';
import { isKerasConfig, scanKerasConfig } from './keras.ts';
import { scanPythonSource } from './python-source.ts';
import { registerPythonModule, registerRemoteCode } from './remote-code.ts';

/**
 * Text that is code or points at code: Hugging Face and Keras configs (a JSON object, by content) and Python
 * source. Python is recognised by its `.py` name or a python shebang: Python imports modules by file
 * name, so a file not named `.py` is not reached by `auto_map` or an `import`, and a `.py` file is read
 * as Python whatever its bytes look like (control characters in a comment do not hide it). Returns
 * whether the source was one of these.
 */
const MAX_PYTHON = 16 * 1024 * 1024;
const MAX_JSON = 64 * 1024 * 1024;
const WINDOW = 1024 * 1024;
// The BOM is kept as a character so offsets stay byte-exact; the tokenizer and the JSON reader skip it.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
/** Byte patterns of the keys that make a JSON object a Hugging Face or Keras config: tokenizer.json is not parsed. */
const KEY_BYTES = [...HF_KEYS, 'class_name'].map((k) => Buffer.from(`"${k}"`));

/** Whether Python would run this file as source: a `.py`/`.pyw` name, or (for text) a python shebang. */
export function isPythonSource(source: ByteSource, ctx: ScanContext, text: boolean): boolean {
  const name = ctx.member.at(-1) ?? ctx.file;
  return /\.pyw?$/i.test(name) || (text && /^#![^\n]*python/.test(decoder.decode(source.read(0, 256))));
}

export function scanSourceText(source: ByteSource, ctx: ScanContext, text: boolean): boolean {
  const head = source.read(0, 256);
  if (isPythonSource(source, ctx, text)) {
    if (source.size > MAX_PYTHON) {
      report(ctx, 'python/source', `Python source of ${source.size} bytes is over the ${MAX_PYTHON >> 20} MB analysis cap; not analysed`, { level: 'inconclusive' });
      return true;
    }
    const src = decoder.decode(source.read(0, source.size));
    registerPythonModule(ctx, src, scanPythonSource(src, ctx));
    return true;
  }
  if (text && /\.(?:jinja2?|j2)$/i.test(ctx.member.at(-1) ?? ctx.file)) {
    // chat_template.jinja: transformers ≥ 4.50 saves the template beside tokenizer_config.json.
    noteFormat(ctx, 'jinja');
    checkTemplate(ctx, 'hf/chat-template', 'chat template', decoder.decode(source.read(0, source.size)));
    return true;
  }
  if (!text || !/^(\ufeff)?\s*\{/.test(decoder.decode(head))) return false;
  if (source.size > MAX_JSON) return tooLargeConfig(source, ctx);
  const raw = source.read(0, source.size);
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  // (`"\u0061uto_map"` is auto_map to Python: with escapes present the text is parsed anyway.)
  if (!KEY_BYTES.some((k) => bytes.includes(k)) && !bytes.includes('\\u')) return false;
  const json = decoder.decode(bytes);
  const config = parsePythonJson(json);
  // `model.to_json()` output, read back by `model_from_json` (and config.json of a Keras folder or archive).
  const keras = isKerasConfig(config);
  if (keras) scanKerasConfig(raw, ctx);
  if (!isHfConfig(config)) return keras;
  noteFormat(ctx, 'hf-config');
  for (const [key, template] of chatTemplates(config)) checkTemplate(ctx, 'hf/chat-template', key, template);
  const refs = remoteCodeRefs(config);
  const folder = ctx.member.length === 0 && source.path !== undefined ? dirname(source.path) : undefined;
  if (refs.length) registerRemoteCode(ctx, refs, json, folder);
  return true;
}

/** A JSON text too large to parse (tokenizer.json, vocabularies): only an `auto_map` in it matters. */
function tooLargeConfig(source: ByteSource, ctx: ScanContext): boolean {
  const needle = Buffer.from('"auto_map"');
  for (let at = 0; at < source.size; at += WINDOW) {
    if (Buffer.from(source.read(at, WINDOW + needle.length)).includes(needle)) {
      report(ctx, 'hf/remote-code', `JSON of ${source.size} bytes mentions auto_map but is over the ${MAX_JSON >> 20} MB parse cap; its module references were not read`, { level: 'inconclusive', offset: at });
      return true;
    }
  }
  return false;
}
