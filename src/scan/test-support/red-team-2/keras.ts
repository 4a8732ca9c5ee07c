import { zip } from '../zip-writer.ts';
import type { RedTeamCase } from '../red-team/types.ts';

/**
 * Keras configs a JSON.parse-based reader does not see: Keras v3 reads `config.json` with
 * `json.loads(bytes)`, which accepts NaN and ±Infinity and guesses UTF-16/UTF-32 from NUL bytes or a BOM;
 * `model_from_json` reads a bare `model.to_json()` file; and a Lambda can sit under many nested models.
 */
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function utf16le(s: string): Uint8Array {
  const b = Buffer.alloc(s.length * 2);
  for (let k = 0; k < s.length; k++) b.writeUInt16LE(s.charCodeAt(k), k * 2);
  return b;
}

function utf32be(s: string): Uint8Array {
  const b = Buffer.alloc(4 + s.length * 4);
  b.writeUInt32BE(0xfeff, 0);
  for (let k = 0; k < s.length; k++) b.writeUInt32BE(s.charCodeAt(k), 4 + k * 4);
  return b;
}

function archive(config: Uint8Array): Uint8Array {
  return zip([
    { name: 'metadata.json', data: text(JSON.stringify({ keras_version: '3.8.0', date_saved: '2025-01-01@00:00:00' })) },
    { name: 'config.json', data: config },
    { name: 'model.weights.h5', data: new Uint8Array(0) },
  ]);
}

const sequential = (layers: object[]) => ({ module: 'keras', class_name: 'Sequential', config: { name: 'sequential', layers }, registered_name: null });
const dense = { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense', units: 2, activation: 'relu' }, registered_name: null };
// Keras 3 serialises a Python lambda as base64 marshal data; the bytes here are only the shape of one.
const lambda = { module: 'keras.layers', class_name: 'Lambda', config: { name: 'lambda', function: { class_name: '__lambda__', config: { code: '4wEAAAAAAAAAAAAAAAEAAAADAAAA', defaults: null, closure: null } } }, registered_name: null };

/** The config text with `"units": 2` followed by a value only Python's json reads. */
const withPythonFloat = (layers: object[], literal: string): string => JSON.stringify(sequential(layers)).replace('"units":2', `"units":2,"epsilon":${literal}`);

function nested(layer: object, levels: number): object {
  let config: object = layer;
  for (let k = 0; k < levels; k++) config = sequential([config]);
  return config;
}

/** Keras 3 `TorchModuleWrapper`: `from_config` runs `torch.load(BytesIO(module), weights_only=False)` on the `__bytes__` in its config. */
const torchModuleWrapper = (value: string) => ({ module: 'keras.layers', class_name: 'TorchModuleWrapper', config: { name: 'torch_module_wrapper', module: { class_name: '__bytes__', config: { value } } }, registered_name: null });
/** `__bytes__` elsewhere in a config: Keras rebuilds `value.encode("utf-8")`. */
const withBytes = (value: string) => ({ ...dense, config: { ...dense.config, note: { class_name: '__bytes__', config: { value } } } });
const textPickle = "cposix\nsystem\n(S'touch rampart-red-team'\ntR.";

export function kerasCases(): RedTeamCase[] {
  const hostile = (name: string, file: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'keras', file, bytes, expect: 'dangerous', how });
  const benign = (name: string, file: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'keras', file, bytes, expect: 'clean', how });
  return [
    hostile('config-with-nan', 'nan.keras', archive(text(withPythonFloat([dense, lambda], 'NaN'))), 'json.loads accepts NaN; JSON.parse refuses the whole config'),
    hostile('config-with-negative-infinity', 'inf.keras', archive(text(withPythonFloat([dense, lambda], '-Infinity'))), 'json.loads accepts -Infinity'),
    hostile('config-in-utf-16', 'utf16.keras', archive(utf16le(JSON.stringify(sequential([dense, lambda])))), 'json.loads(bytes) detects UTF-16 from the NUL bytes'),
    hostile('config-in-utf-32-with-bom', 'utf32.keras', archive(utf32be(JSON.stringify(sequential([dense, lambda])))), 'json.loads(bytes) decodes UTF-32 after its BOM'),
    hostile('model-to-json-file', 'model.json', text(JSON.stringify(sequential([dense, lambda]))), 'keras.models.model_from_json(open(path).read())'),
    hostile('lambda-under-80-sequentials', 'deep.keras', archive(text(JSON.stringify(nested(lambda, 80)))), 'from_config recurses through 80 nested models (240 JSON levels)'),
    hostile('torch-module-wrapper', 'torch.keras', archive(text(JSON.stringify(sequential([torchModuleWrapper(textPickle)])))), 'TorchModuleWrapper.from_config torch.loads the bytes in its config (torch falls back to pickle for non-zip bytes)'),
    hostile('pickle-in-bytes-entry', 'bytes.keras', archive(text(JSON.stringify(sequential([withBytes(textPickle)])))), 'a __bytes__ entry holding a protocol-0 pickle (scanned as the bytes Keras rebuilds)'),
    benign('plain-bytes-entry', 'plain-bytes.keras', archive(text(JSON.stringify(sequential([withBytes('vocabulary: a b c')])))), 'a __bytes__ entry holding text'),
    benign('config-with-nan-dense-only', 'nan-dense.keras', archive(text(withPythonFloat([dense], 'NaN'))), 'a NaN in an honest config'),
    benign('config-in-utf-16-dense-only', 'utf16-dense.keras', archive(utf16le(JSON.stringify(sequential([dense])))), 'an honest config in UTF-16'),
    benign('model-to-json-dense-only', 'dense.json', text(JSON.stringify(sequential([dense, dense]))), 'an honest model.to_json() file'),
    benign('dense-under-80-sequentials', 'deep-dense.keras', archive(text(JSON.stringify(nested(dense, 80)))), 'honest layers nested deeply'),
  ];
}
