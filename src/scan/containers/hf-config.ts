/**
 * Hugging Face configs (`config.json`, `tokenizer_config.json`, `processor_config.json`,
 * `preprocessor_config.json`, …), recognised by content: a JSON object with the keys transformers writes.
 * `auto_map` (and `custom_pipelines[*].impl`) name `module.Class` pairs that transformers imports — running
 * `module.py` from the model folder, or from another Hub repository for `org/repo--module.Class` — when the
 * model is loaded with `trust_remote_code=True` (`transformers/dynamic_module_utils.py`). Pure: parsing
 * and extraction only; reporting waits for the rest of the folder or archive (`remote-code.ts`).
 */
export const HF_KEYS = ['auto_map', 'architectures', 'model_type', 'tokenizer_class', 'processor_class', 'feature_extractor_type', 'image_processor_type', 'video_processor_type', 'transformers_version', 'custom_pipelines', '_name_or_path', 'chat_template'];

export interface RemoteCodeRef {
  /** Where it is declared, e.g. `auto_map.AutoModelForCausalLM`. */
  key: string;
  /** As written, e.g. `org/repo--modeling_x.XModel`. */
  reference: string;
  /** `org/repo` of a cross-repository reference. */
  repo?: string;
  module: string;
  className: string;
  /** The module is a file path (`/`, `\`, a drive): Python would load a file outside the model folder. */
  pathLike: boolean;
}

/** JSON as Python's `json.loads` reads it: NaN and ±Infinity are accepted (JSON.parse refuses them). */
export function parsePythonJson(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch {
    try {
      return JSON.parse(body.replace(/"(?:[^"\\]|\\.)*"|-?\b(?:NaN|Infinity)\b/g, (m) => (m.startsWith('"') ? m : 'null')));
    } catch {
      return undefined;
    }
  }
}

/** The encoding `json.loads(b)` guesses for bytes (`json.detect_encoding`): a BOM, else NULs among the first four bytes. */
export type JsonEncoding = 'utf-8' | 'utf-8-sig' | 'utf-16' | 'utf-16-le' | 'utf-16-be' | 'utf-32' | 'utf-32-le' | 'utf-32-be';
export function jsonEncoding(b: Uint8Array): JsonEncoding {
  const starts = (...p: number[]): boolean => p.every((x, k) => b[k] === x);
  if (starts(0, 0, 0xfe, 0xff) || starts(0xff, 0xfe, 0, 0)) return 'utf-32';
  if (starts(0xfe, 0xff) || starts(0xff, 0xfe)) return 'utf-16';
  if (starts(0xef, 0xbb, 0xbf)) return 'utf-8-sig';
  if (b.length >= 4 && b[0] === 0) return b[1] ? 'utf-16-be' : 'utf-32-be';
  if (b.length >= 4 && b[1] === 0) return b[2] || b[3] ? 'utf-16-le' : 'utf-32-le';
  if (b.length === 2 && (b[0] === 0 || b[1] === 0)) return b[0] === 0 ? 'utf-16-be' : 'utf-16-le';
  return 'utf-8';
}

/** The text `json.loads(b)` reads from bytes (Keras v3 hands it `config.json`'s raw bytes), so a config written in UTF-16 is still a config. */
export function pythonJsonText(b: Uint8Array): string {
  const big = b[0] === 0 || b[0] === 0xfe;
  switch (jsonEncoding(b)) {
    case 'utf-32': return utf32(b.subarray(4), !big);
    case 'utf-32-be': return utf32(b, false);
    case 'utf-32-le': return utf32(b, true);
    case 'utf-16': return new TextDecoder(big ? 'utf-16be' : 'utf-16le').decode(b.subarray(2));
    case 'utf-16-be': return new TextDecoder('utf-16be').decode(b);
    case 'utf-16-le': return new TextDecoder('utf-16le').decode(b);
    default: return new TextDecoder().decode(b); // strips a UTF-8 BOM
  }
}

function utf32(b: Uint8Array, little: boolean): string {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: string[] = [];
  for (let k = 0; k + 4 <= b.length; k += 4) {
    const c = v.getUint32(k, little);
    out.push(c <= 0x10ffff && (c < 0xd800 || c > 0xdfff) ? String.fromCodePoint(c) : '\ufffd');
  }
  return out.join('');
}

export function isHfConfig(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && HF_KEYS.some((k) => k in v);
}

/** Every module reference in the config, nested configs (`text_config`, …) included. */
export function remoteCodeRefs(config: Record<string, unknown>): RemoteCodeRef[] {
  const out: RemoteCodeRef[] = [];
  const walk = (o: Record<string, unknown>, path: string, depth: number): void => {
    if (depth > 6) return;
    for (const [key, value] of Object.entries(o)) {
      const here = path ? `${path}.${key}` : key;
      if (key === 'auto_map') autoMap(value, here, out);
      else if (key === 'custom_pipelines' && isObject(value)) {
        for (const [task, spec] of Object.entries(value)) {
          if (isObject(spec) && typeof spec.impl === 'string') out.push(parseRef(`${here}.${task}.impl`, spec.impl));
        }
      } else if (isObject(value)) walk(value, here, depth + 1);
    }
  };
  walk(config, '', 0);
  return out;
}

function autoMap(value: unknown, key: string, out: RemoteCodeRef[]): void {
  const add = (k: string, v: unknown): void => {
    if (typeof v === 'string' && v.trim()) out.push(parseRef(k, v));
    // Tokenizers map to a [slow, fast] pair, either of which may be null.
    else if (Array.isArray(v)) v.forEach((item, n) => typeof item === 'string' && item.trim() && out.push(parseRef(`${k}[${n}]`, item)));
  };
  if (Array.isArray(value)) add(key, value); // legacy tokenizer_config: a bare [slow, fast] list
  else if (isObject(value)) for (const [cls, ref] of Object.entries(value)) add(`${key}.${cls}`, ref);
}

export function parseRef(key: string, reference: string): RemoteCodeRef {
  const ref = reference.trim();
  const split = ref.indexOf('--');
  const repo = split >= 0 ? ref.slice(0, split) : undefined;
  const local = split >= 0 ? ref.slice(split + 2) : ref;
  const dot = local.lastIndexOf('.');
  const module = dot >= 0 ? local.slice(0, dot) : local;
  return {
    key,
    reference,
    ...(repo !== undefined ? { repo } : {}),
    module,
    className: dot >= 0 ? local.slice(dot + 1) : '',
    pathLike: /[/\\]/.test(module) || /^[A-Za-z]:/.test(module),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `chat_template` of a tokenizer or processor config (or `chat_template.json`): a string, a list of
 * `{name, template}` for named templates (`default`, `tool_use`, `rag`), or the `{name: template}` dict
 * transformers keeps them in — and uses as given (`get_chat_template` picks `tool_use` or `default`).
 */
export function chatTemplates(config: Record<string, unknown>): [string, string][] {
  const value = config.chat_template;
  if (typeof value === 'string') return [['chat_template', value]];
  if (isObject(value)) return Object.entries(value).flatMap(([name, t]): [string, string][] => (typeof t === 'string' ? [[`chat_template.${name}`, t]] : []));
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, n): [string, string][] => (isObject(item) && typeof item.template === 'string' ? [[`chat_template[${typeof item.name === 'string' ? item.name : n}]`, item.template]] : []));
}
