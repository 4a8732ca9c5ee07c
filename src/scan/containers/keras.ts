import { noteFormat, report, type ScanContext } from '../context.ts';

/**
 * Keras model configs (the `model_config` attribute of a legacy .h5, `config.json` of a .keras v3 zip):
 * Lambda layers carry marshalled Python bytecode that runs on load (CVE-2024-3660) and custom objects are
 * imported by name (CVE-2025-1550). Only the JSON is read; nothing is deserialised.
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

export function scanKerasConfig(bytes: Uint8Array, ctx: ScanContext): void {
  let config: unknown;
  try {
    config = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return; // Not every config.json is a Keras config.
  }
  if (!looksLikeKeras(config)) return;
  noteFormat(ctx, 'keras-config');
  walk(config, ctx, '$', 0);
}

function looksLikeKeras(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'class_name' in v && 'config' in v;
}

function walk(v: unknown, ctx: ScanContext, path: string, depth: number): void {
  if (depth > 200 || typeof v !== 'object' || v === null) return;
  if (Array.isArray(v)) {
    v.forEach((item, k) => walk(item, ctx, `${path}[${k}]`, depth + 1));
    return;
  }
  const o = v as Record<string, unknown>;
  const cls = typeof o.class_name === 'string' ? o.class_name : undefined;
  if (cls === 'Lambda') lambdaLayer(o, ctx, path);
  else if (cls === '__lambda__') report(ctx, 'keras/lambda-layer', `serialised lambda at ${path} (marshalled bytecode)`, { args: preview(o.config) });
  else if (cls) customObject(o, cls, ctx, path);
  for (const [key, child] of Object.entries(o)) walk(child, ctx, `${path}.${key}`, depth + 1);
}

function lambdaLayer(o: Record<string, unknown>, ctx: ScanContext, path: string): void {
  const config = (o.config ?? {}) as Record<string, unknown>;
  const fn = config.function;
  const named = typeof fn === 'string' && config.function_type === 'function';
  const name = typeof config.name === 'string' ? config.name : path;
  report(ctx, 'keras/lambda-layer', named ? `Lambda layer ${name} calls the registered function ${fn}` : `Lambda layer ${name} carries Python bytecode that runs when the model loads`, {
    args: preview(fn),
    ...(named ? { level: 'suspicious' as const, global: fn } : {}),
  });
}

function customObject(o: Record<string, unknown>, cls: string, ctx: ScanContext, path: string): void {
  const module = typeof o.module === 'string' ? o.module : undefined;
  const registered = typeof o.registered_name === 'string' ? o.registered_name : undefined;
  if (module !== undefined) {
    if (!KERAS_MODULE.test(module) && module !== 'builtins') report(ctx, 'keras/custom-object', `${path} loads ${module}.${cls}`, { global: `${module}.${cls}` });
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
