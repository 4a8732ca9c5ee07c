import { noteFormat, report, type ScanContext } from '../context.ts';
import { classify } from '../pickle/policy.ts';
import { bufferSource } from '../source.ts';
import { parsePythonJson, pythonJsonText } from './hf-config.ts';
import { kerasOutsideTheModel as outsideTheModel, tfApiRisk } from './tf-ops.ts';

/**
 * Keras model configs (the `model_config` attribute of a legacy .h5, `config.json` of a .keras v3 zip):
 * Lambda layers carry marshalled Python bytecode that runs on load (CVE-2024-3660) and custom objects are
 * imported by name (CVE-2025-1550). Keras resolves more than classes from a config: a
 * `{"class_name": "function", "module": M, "config": NAME}` entry (an activation, a Lambda's function) is
 * `M.NAME` — Keras ≤ 3.8 imported any module, `builtins` included — and its own API has entries that act
 * outside the model when a config reaches them (`get_file` downloads, `enable_unsafe_deserialization`
 * turns safe mode off, `TFSMLayer` loads another SavedModel by path — CVE-2025-8747, CVE-2025-9906).
 * Only the JSON is read; nothing is deserialised.
 */
const knownLayers = new Set(
  ('Sequential Functional Model InputLayer Dense EinsumDense Conv1D Conv2D Conv3D Conv1DTranspose Conv2DTranspose Conv3DTranspose ' +
    'SeparableConv1D SeparableConv2D DepthwiseConv1D DepthwiseConv2D MaxPooling1D MaxPooling2D MaxPooling3D AveragePooling1D ' +
    'AveragePooling2D AveragePooling3D GlobalAveragePooling1D GlobalAveragePooling2D GlobalAveragePooling3D GlobalMaxPooling1D ' +
    'GlobalMaxPooling2D GlobalMaxPooling3D Flatten Reshape Dropout SpatialDropout1D SpatialDropout2D SpatialDropout3D ' +
    'BatchNormalization LayerNormalization GroupNormalization UnitNormalization Activation ReLU LeakyReLU PReLU ELU Softmax ' +
    'Embedding LSTM GRU SimpleRNN ConvLSTM2D Bidirectional TimeDistributed RNN LSTMCell GRUCell SimpleRNNCell StackedRNNCells ' +
    'Concatenate Add Multiply Average Maximum Minimum Subtract Dot ZeroPadding1D ZeroPadding2D ZeroPadding3D Cropping1D ' +
    'Cropping2D Cropping3D UpSampling1D UpSampling2D UpSampling3D Permute RepeatVector MultiHeadAttention Attention ' +
    'AdditiveAttention Normalization Rescaling Resizing CenterCrop TextVectorization StringLookup IntegerLookup CategoryEncoding ' +
    'Hashing Discretization GaussianNoise GaussianDropout AlphaDropout ActivityRegularization Masking Identity RandomFlip ' +
    'RandomRotation RandomZoom RandomCrop RandomTranslation RandomContrast RandomBrightness TFOpLambda SlicingOpLambda').split(/\s+/),
);

const KERAS_MODULE = /^(keras|tf_keras|tensorflow)(\.|$)/;


/**
 * Layers whose `from_config` deserialises bytes from the config: Keras 3's `TorchModuleWrapper` hands its
 * `module` (a `{"class_name": "__bytes__"}` entry) to `torch.load(…, weights_only=False)` — a pickle.
 */
const unpicklingLayers = new Set(['TorchModuleWrapper']);

/** Preprocessing layers that read their vocabulary from a path given in the config. */
const vocabularyLayers = new Set(['StringLookup', 'IntegerLookup', 'TextVectorization']);

export function scanKerasConfig(bytes: Uint8Array, ctx: ScanContext): void {
  // Read as Keras reads it, `json.loads(bytes)`: any UTF-8/16/32 encoding, NaN and ±Infinity accepted.
  const config = parsePythonJson(pythonJsonText(bytes));
  if (!isKerasConfig(config)) return; // Not every config.json is a Keras config.
  noteFormat(ctx, 'keras-config');
  walk(config, ctx, '$', 0);
}

/** A Keras model config: `{class_name, config}` at the top (`model.to_json()`, `config.json` of a `.keras`). */
export function isKerasConfig(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'class_name' in v && 'config' in v;
}

/**
 * Deeper than Python's default recursion limit (1,000 frames) no Keras load gets; short of it, nesting is
 * followed (80 nested Sequentials are 240 levels of JSON), and past it the config is not clean.
 */
const MAX_JSON_DEPTH = 1000;

function walk(v: unknown, ctx: ScanContext, path: string, depth: number): void {
  if (typeof v !== 'object' || v === null) return;
  if (depth > MAX_JSON_DEPTH) {
    report(ctx, 'archive/bomb', `Keras config nested deeper than ${MAX_JSON_DEPTH} levels at ${path.slice(0, 200)}…; what lies below was not checked`);
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((item, k) => walk(item, ctx, `${path}[${k}]`, depth + 1));
    return;
  }
  const o = v as Record<string, unknown>;
  const cls = typeof o.class_name === 'string' ? o.class_name : undefined;
  if (cls === 'Lambda') lambdaLayer(o, ctx, path);
  else if (cls === '__lambda__') report(ctx, 'keras/lambda-layer', `serialised lambda at ${path} (marshalled bytecode)`, { args: preview(o.config) });
  else if (cls === '__bytes__') embeddedBytes(o, ctx, path);
  else if (cls === 'function') functionReference(o, ctx, path);
  else if (cls) customObject(o, cls, ctx, path);
  if (cls && vocabularyLayers.has(cls)) vocabularyPath(o, cls, ctx, path);
  if (cls === 'TFOpLambda' || cls === 'SlicingOpLambda') tfOpLambda(o, cls, ctx, path);
  for (const [key, child] of Object.entries(o)) walk(child, ctx, `${path}.${key}`, depth + 1);
}

function lambdaLayer(o: Record<string, unknown>, ctx: ScanContext, path: string): void {
  const config = (o.config ?? {}) as Record<string, unknown>;
  const fn = config.function;
  const named = typeof fn === 'string' && config.function_type === 'function';
  const name = typeof config.name === 'string' ? config.name : path;
  // Keras 2 resolves a named function in the globals of `config.module` when that module is imported (`os`, `builtins`).
  const module = typeof config.module === 'string' ? config.module : undefined;
  const reaches = named && module !== undefined && reachesCode(module, fn);
  report(ctx, 'keras/lambda-layer', named ? `Lambda layer ${name} calls the ${reaches ? 'function' : 'registered function'} ${module && reaches ? `${module}.` : ''}${fn}` : `Lambda layer ${name} carries Python bytecode that runs when the model loads`, {
    args: preview(fn),
    ...(named && !reaches ? { level: 'suspicious' as const, global: fn } : {}),
    ...(reaches ? { global: `${module}.${fn}` } : {}),
  });
}

/** `{"class_name": "function", "module": M, "config": NAME}`: Keras resolves `M.NAME` and calls it as the model runs. */
function functionReference(o: Record<string, unknown>, ctx: ScanContext, path: string): void {
  const module = typeof o.module === 'string' ? o.module : undefined;
  const name = typeof o.config === 'string' ? o.config : undefined;
  if (module === undefined || name === undefined) return;
  const full = `${module}.${name}`;
  if (reachesCode(module, name)) report(ctx, 'keras/custom-object', `${path} resolves the function ${full}, which runs code or reaches files`, { global: full, level: 'dangerous' });
  else if (KERAS_MODULE.test(module) && outsideTheModel.has(name)) report(ctx, 'keras/custom-object', `${path} resolves ${full}, which acts outside the model (downloads, files, other models or safe mode)`, { global: full, level: 'dangerous' });
  else if (!KERAS_MODULE.test(module) && module !== 'builtins') report(ctx, 'keras/custom-object', `${path} loads ${full}`, { global: full });
}

/** Whether `module.name` is a callable the pickle policy calls dangerous or follows as a resolver (`builtins.exec`, `os.system`). */
function reachesCode(module: string, name: string): boolean {
  const tier = classify(module, name).tier;
  return tier === 'dangerous' || tier === 'resolver' || tier === 'loader';
}

/**
 * tf.keras `TFOpLambda`/`SlicingOpLambda`: `from_config` resolves `config.function` with TensorFlow's
 * `get_symbol_from_name` (any exported API name) and the functional model calls it with the constants in
 * `inbound_nodes` — at load when every input is a constant, otherwise whenever the model runs.
 */
function tfOpLambda(o: Record<string, unknown>, cls: string, ctx: ScanContext, path: string): void {
  const fn = ((o.config ?? {}) as Record<string, unknown>).function;
  if (typeof fn !== 'string') return;
  const risk = tfApiRisk(fn, outsideTheModel);
  if (risk) report(ctx, 'keras/custom-object', `${cls} at ${path} calls tf.${fn}, which ${risk === 'dangerous' ? 'reads, writes or deletes files, loads a library or model, or calls Python' : 'prints or reads data from outside the model'}`, { global: `tf.${fn}`, args: preview(o.inbound_nodes), level: risk });
}

/** A lookup layer given a path reads that file when the model loads (`vocabulary="/etc/passwd"`, a URL). */
function vocabularyPath(o: Record<string, unknown>, cls: string, ctx: ScanContext, path: string): void {
  const config = (o.config ?? {}) as Record<string, unknown>;
  const vocabulary = config.vocabulary;
  if (typeof vocabulary !== 'string') return;
  const outside = vocabulary.startsWith('/') || /^[A-Za-z][\w+.-]*:/.test(vocabulary) || vocabulary.split(/[\\/]/).includes('..') || vocabulary.startsWith('~');
  report(ctx, 'keras/custom-object', `${cls} at ${path} reads its vocabulary from ${JSON.stringify(vocabulary)}${outside ? ', outside the model' : ''} when the model loads`, {
    args: preview(vocabulary),
    level: outside ? 'dangerous' : 'suspicious',
  });
}

/** `{"class_name": "__bytes__", "config": {"value": text}}`: bytes Keras rebuilds as `value.encode("utf-8")`; scanned as a file of their own. */
function embeddedBytes(o: Record<string, unknown>, ctx: ScanContext, path: string): void {
  const value = (o.config as Record<string, unknown> | undefined)?.value;
  if (typeof value === 'string' && value.length) ctx.nested(bufferSource(new TextEncoder().encode(value)), `@${path.slice(0, 200)}:__bytes__`);
}

function customObject(o: Record<string, unknown>, cls: string, ctx: ScanContext, path: string): void {
  const module = typeof o.module === 'string' ? o.module : undefined;
  if (unpicklingLayers.has(cls) && (module === undefined || KERAS_MODULE.test(module))) {
    report(ctx, 'keras/custom-object', `${path} builds ${module ? `${module}.` : ''}${cls}, whose from_config torch.load()s the module bytes in its config (a pickle, weights_only=False)`, { global: module ? `${module}.${cls}` : cls, level: 'dangerous' });
    return;
  }
  const registered = typeof o.registered_name === 'string' ? o.registered_name : undefined;
  if (outsideTheModel.has(cls) && (module === undefined || KERAS_MODULE.test(module))) {
    const target = typeof (o.config as Record<string, unknown> | undefined)?.filepath === 'string' ? ` (${JSON.stringify((o.config as Record<string, unknown>).filepath)})` : '';
    report(ctx, 'keras/custom-object', `${path} builds ${module ? `${module}.` : ''}${cls}${target}, which acts outside the model (downloads, files, other models or safe mode)`, { global: module ? `${module}.${cls}` : cls, level: 'dangerous' });
    return;
  }
  if (module !== undefined) {
    if (reachesCode(module, cls)) report(ctx, 'keras/custom-object', `${path} loads ${module}.${cls}, which runs code or reaches files`, { global: `${module}.${cls}`, level: 'dangerous' });
    else if (!KERAS_MODULE.test(module) && module !== 'builtins') report(ctx, 'keras/custom-object', `${path} loads ${module}.${cls}`, { global: `${module}.${cls}` });
    else if (registered && registered.includes('>') && !/^keras>/.test(registered)) report(ctx, 'keras/custom-object', `${path} loads registered object ${registered}`, { global: registered });
    return;
  }
  // Legacy .h5 configs carry no module: a layer entry whose class Keras does not ship is custom code.
  if (/\.layers\[\d+\]$/.test(path) && !knownLayers.has(cls)) report(ctx, 'keras/custom-object', `${path} uses layer class ${cls}, which Keras does not ship`, { global: cls });
}

function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? '';
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
