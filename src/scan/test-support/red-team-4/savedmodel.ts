import { tfRoot } from '../../containers/protobuf-schemas.ts';
import type { RedTeamCase } from '../red-team/types.ts';

/**
 * SavedModels whose checkpoint ops take a path fixed in the graph. Every SavedModel carries SaveV2 and
 * MergeV2Checkpoints in its saver function, fed the caller's `file_prefix`, so the scanner lets them pass;
 * the same ops in a serving function with a `Const` path write or delete files whenever the model is served.
 */
interface Node { name: string; op: string; input?: string[]; text?: string }
const node = (name: string, op: string, input: string[] = [], text?: string): Node => ({ name, op, input, ...(text === undefined ? {} : { text }) });

function savedModel(graphNodes: Node[], functionNodes: Node[]): Uint8Array {
  const SavedModel = tfRoot.lookupType('tf.SavedModel');
  const toDef = (n: Node) => ({ name: n.name, op: n.op, input: n.input, attr: n.text === undefined ? {} : { value: { tensor: { stringVal: [Buffer.from(n.text)] } } } });
  const library = { function: [{ signature: { name: '__inference_serve_42' }, nodeDef: functionNodes.map(toDef) }] };
  return SavedModel.encode(SavedModel.fromObject({ savedModelSchemaVersion: 1, metaGraphs: [{ graphDef: { node: graphNodes.map(toDef), library } }] })).finish();
}

const serving = [node('x', 'Placeholder'), node('call', 'StatefulPartitionedCall', ['x'])];
/** The saver function TF2 writes: the path is the `file_prefix` argument joined with a constant suffix. */
const tf2Saver = [
  node('StaticRegexFullMatch', 'StaticRegexFullMatch', ['file_prefix']),
  node('Const', 'Const', [], '_temp/part'), node('Const_1', 'Const', [], '.part'),
  node('Select', 'Select', ['StaticRegexFullMatch:output:0', 'Const:output:0', 'Const_1:output:0']),
  node('StringJoin', 'StringJoin', ['file_prefix', 'Select:output:0']),
  node('num_shards', 'Const'), node('ShardedFilename/shard', 'Const'),
  node('ShardedFilename', 'ShardedFilename', ['StringJoin:output:0', 'ShardedFilename/shard:output:0', 'num_shards:output:0']),
  node('SaveV2/tensor_names', 'Const', [], 'dense/kernel'), node('SaveV2/shape_and_slices', 'Const', [], ''),
  node('SaveV2', 'SaveV2', ['ShardedFilename:filename:0', 'SaveV2/tensor_names:output:0', 'SaveV2/shape_and_slices:output:0', 'read_kernel']),
  node('Pack', 'Pack', ['ShardedFilename:filename:0', '^SaveV2']),
  node('MergeV2Checkpoints', 'MergeV2Checkpoints', ['Pack:output:0', 'file_prefix']),
];
/** TF1's `tf.train.Saver`: the path is a placeholder whose default is a constant — the caller can feed it. */
const tf1Saver = [
  node('save/filename/input', 'Const', [], 'model'), node('save/filename', 'PlaceholderWithDefault', ['save/filename/input']),
  node('save/Const', 'PlaceholderWithDefault', ['save/filename']),
  node('save/SaveV2/tensor_names', 'Const', [], 'w'), node('save/SaveV2/shape_and_slices', 'Const', [], ''),
  node('save/SaveV2', 'SaveV2', ['save/Const', 'save/SaveV2/tensor_names', 'save/SaveV2/shape_and_slices', 'w']),
];

export function savedModelCases(): RedTeamCase[] {
  const hostile = (name: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'tensorflow', file: 'saved_model.pb', bytes, expect: 'dangerous', how });
  const honest = (name: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'tensorflow', file: 'saved_model.pb', bytes, expect: 'clean', how });
  return [
    hostile('savev2-constant-path', savedModel(serving, [
      node('path', 'Const', [], '/home/user/.config/autostart/x'), node('names', 'Const', [], 'x'), node('slices', 'Const', [], ''),
      node('SaveV2', 'SaveV2', ['path:output:0', 'names:output:0', 'slices:output:0', 'x']),
    ]), 'the serving function saves its input to a fixed path on every call'),
    hostile('merge-checkpoints-joined-constant', savedModel(serving, [
      node('dir', 'Const', [], '/home/user/'), node('leaf', 'Const', [], 'projects'), node('joined', 'StringJoin', ['dir:output:0', 'leaf:output:0']),
      node('prefixes', 'Pack', ['joined:output:0']), node('dest', 'Identity', ['joined:output:0']),
      node('MergeV2Checkpoints', 'MergeV2Checkpoints', ['prefixes:output:0', 'dest:output:0']),
    ]), 'MergeV2Checkpoints (delete_old_dirs) on a path joined from constants'),
    honest('tf2-saver-function', savedModel([...serving, node('saver_filename', 'Placeholder'), node('save', 'StatefulPartitionedCall', ['saver_filename'])], tf2Saver), "TF2's saver function: the path is its file_prefix argument"),
    honest('tf1-saver', savedModel([node('w', 'VariableV2'), ...tf1Saver], []), "TF1's Saver: a PlaceholderWithDefault the caller feeds"),
  ];
}
