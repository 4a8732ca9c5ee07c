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
 * `chat_template` of a tokenizer or processor config (or `chat_template.json`): a string, or a list of
 * `{name, template}` for named templates (`default`, `tool_use`, `rag`).
 */
export function chatTemplates(config: Record<string, unknown>): [string, string][] {
  const value = config.chat_template;
  if (typeof value === 'string') return [['chat_template', value]];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, n): [string, string][] => (isObject(item) && typeof item.template === 'string' ? [[`chat_template[${typeof item.name === 'string' ? item.name : n}]`, item.template]] : []));
}
