import type { RedTeamCase } from '../red-team/types.ts';

/**
 * tf.keras (Keras 2, `tf_keras`) stores TensorFlow functions called on layer outputs as `TFOpLambda` (and
 * `SlicingOpLambda`) layers whose `function` is a TensorFlow API name; `from_config` looks it up with
 * `get_symbol_from_name` — any exported symbol, not only math — and the functional model calls it with the
 * constant arguments in `inbound_nodes`. `tf.io.write_file` writes where the config says whenever the model
 * runs (the SavedModel form of the same call, a WriteFile op, is already dangerous); `tf.load_op_library`
 * loads a native library.
 */
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function model(fn: string, args: unknown[], kwargs: Record<string, unknown>): Uint8Array {
  const input = { class_name: 'InputLayer', config: { batch_input_shape: [null, 1], dtype: 'string', name: 'input_1' }, name: 'input_1', inbound_nodes: [] };
  const op = { class_name: fn.startsWith('__operators__.getitem') ? 'SlicingOpLambda' : 'TFOpLambda', config: { name: `tf.${fn}`, trainable: true, dtype: 'float32', function: fn }, name: `tf.${fn}`, inbound_nodes: [[...args, kwargs]] };
  return text(JSON.stringify({ class_name: 'Functional', config: { name: 'model', layers: [input, op], input_layers: [['input_1', 0, 0]], output_layers: [[`tf.${fn}`, 0, 0]] }, keras_version: '2.15.0', backend: 'tensorflow' }));
}

export function kerasCases(): RedTeamCase[] {
  const hostile = (name: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'keras', file: `${name}.json`, bytes, expect: 'dangerous', how });
  const honest = (name: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'keras', file: `${name}.json`, bytes, expect: 'clean', how });
  return [
    hostile('tfoplambda-write-file', model('io.write_file', ['_CONSTANT_VALUE', -1, '/home/user/.bashrc'], { contents: ['input_1', 0, 0] }), 'tf.io.write_file(".bashrc", input) each time the model runs'),
    hostile('tfoplambda-load-op-library', model('load_op_library', ['_CONSTANT_VALUE', -1, '/tmp/uploads/kernel.so'], {}), 'tf.load_op_library loads a native library'),
    hostile('tfoplambda-compat-gfile-remove', model('compat.v1.gfile.Remove', ['_CONSTANT_VALUE', -1, '/home/user/data.db'], {}), 'tf.compat.v1.gfile.Remove deletes a file'),
    hostile('tfoplambda-raw-write-file', model('raw_ops.WriteFile', [], { filename: '/tmp/rampart-red-team', contents: ['input_1', 0, 0] }), 'tf.raw_ops.WriteFile, the op itself'),
    honest('tfoplambda-math-add', model('math.add', [['input_1', 0, 0]], { y: 1 }), 'tf.math.add on a layer output'),
    honest('tfoplambda-getitem', model('__operators__.getitem', [['input_1', 0, 0]], { slice_spec: { class_name: '__tuple__', items: [] } }), 'a slice of a layer output (SlicingOpLambda)'),
    honest('tfoplambda-io-decode-raw', model('io.decode_raw', [['input_1', 0, 0]], { out_type: 'float32' }), 'tf.io.decode_raw parses bytes already in the graph'),
  ];
}
