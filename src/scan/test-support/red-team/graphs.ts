import { tfRoot } from '../../containers/protobuf-schemas.ts';
import { onnxModel } from '../formats.ts';
import type { RedTeamCase } from './types.ts';

/**
 * Graph formats whose ops act outside the model when served: TensorFlow SavedModels with file-writing
 * and data-source ops inside a `tf.function` (the function library, where TF2 keeps nearly every op),
 * and ONNX models reading external data outside their folder.
 */
function savedModel(functionOps: string[], graphOps: string[] = ['Placeholder', 'StatefulPartitionedCall']): Uint8Array {
  const SavedModel = tfRoot.lookupType('tf.SavedModel');
  const library = { function: [{ nodeDef: functionOps.map((op, k) => ({ name: `fn_node${k}`, op })) }] };
  const graphDef = { node: graphOps.map((op, k) => ({ name: `node${k}`, op })), library };
  return SavedModel.encode(SavedModel.fromObject({ savedModelSchemaVersion: 1, metaGraphs: [{ graphDef }] })).finish();
}

export function graphCases(): RedTeamCase[] {
  const tf = (name: string, ops: string[], how: string, expect: RedTeamCase['expect'] = 'dangerous'): RedTeamCase => ({ name, kind: 'tensorflow', file: 'saved_model.pb', bytes: savedModel(ops), expect, how });
  const onnx = (name: string, location: string, how: string): RedTeamCase => ({ name, kind: 'onnx', file: `${name}.onnx`, bytes: onnxModel([{ opType: 'Relu' }], { externalLocation: location }), expect: 'dangerous', how });
  return [
    tf('dataset-to-tfrecord', ['TensorSliceDataset', 'DatasetToTFRecord'], 'writes a dataset to a file path a tensor names'),
    tf('save-dataset', ['TensorSliceDataset', 'SaveDatasetV2'], 'tf.data.Dataset.save to a directory'),
    tf('summary-file-writer', ['SummaryWriter', 'CreateSummaryFileWriter', 'WriteSummary'], 'creates event files in a log directory'),
    tf('py-func-in-function', ['PyFunc'], 'tf.py_function inside a tf.function'),
    tf('checkpoint-ops', ['VarHandleOp', 'ReadVariableOp', 'MatMul', 'SaveV2', 'RestoreV2', 'MergeV2Checkpoints', 'StringJoin', 'ShardedFilename'], 'the saver every SavedModel carries', 'clean'),
    onnx('external-data-backslash-traversal', '..\\..\\secrets.bin', 'Windows resolves the backslashes'),
    onnx('external-data-traversal-inside', 'weights/../../../../etc/passwd', 'traversal after a folder name'),
    { name: 'external-data-beside', kind: 'onnx', file: 'external-data-beside.onnx', bytes: onnxModel([{ opType: 'Relu' }], { externalLocation: 'model.onnx.data' }), expect: 'clean', how: 'external data next to the model' },
  ];
}
