import { onnxRoot } from '../../containers/protobuf-schemas.ts';
import type { RedTeamCase } from '../red-team/types.ts';

/**
 * ONNX external data where round 1 did not look: a Constant node's `sparse_value`, which onnxruntime
 * densifies when the graph loads, reading the values' external file (`SparseTensorProtoToDenseTensorProto`).
 */
function sparseConstant(location: string): Uint8Array {
  const ModelProto = onnxRoot.lookupType('onnx.ModelProto');
  const values = { name: 'values', dataLocation: 1, externalData: [{ key: 'location', value: location }, { key: 'offset', value: '0' }] };
  const node = { name: 'c', opType: 'Constant', output: ['c'], attribute: [{ name: 'sparse_value', type: 11, sparseTensor: { values, indices: { name: 'indices' } } }] };
  return ModelProto.encode(ModelProto.fromObject({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph: { name: 'g', node: [node] } })).finish();
}

export function onnxCases(): RedTeamCase[] {
  return [
    { name: 'sparse-constant-traversal', kind: 'onnx', file: 'sparse.onnx', bytes: sparseConstant('../../../etc/shadow'), expect: 'dangerous', how: 'a sparse Constant whose values are read from outside the model folder' },
    { name: 'sparse-constant-beside', kind: 'onnx', file: 'sparse-beside.onnx', bytes: sparseConstant('sparse.onnx.data'), expect: 'clean', how: 'a sparse Constant with its data beside the model' },
  ];
}
