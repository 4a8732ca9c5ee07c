import { ModelProto, ONNX_FLOAT, ATTR_INT } from './onnx-schema.ts';
import type { Network } from '../network.ts';

/** Names of the graph's input and output, which the ONNX target and the tests rely on. */
export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'probabilities';

/**
 * Serialise a dense classifier as an ONNX model: Gemm (transB = 1, our row-major out × in weights) and
 * Relu per hidden layer, a last Gemm, then Softmax over classes. Batch size is a symbolic dimension.
 */
export function networkToOnnx(net: Network, name = 'rampart-victim'): Uint8Array {
  const first = net.layers[0];
  const last = net.layers[net.layers.length - 1];
  if (!first || !last) throw new Error('cannot export a network without layers');
  const nodes: object[] = [];
  const initializers: object[] = [];
  let current = ONNX_INPUT;
  net.layers.forEach((layer, l) => {
    const w = `W${l}`;
    const b = `B${l}`;
    initializers.push(tensor(w, [layer.outputs, layer.inputs], layer.weights), tensor(b, [layer.outputs], layer.bias));
    const gemmOut = `gemm${l}`;
    nodes.push({
      op_type: 'Gemm',
      name: `gemm_${l}`,
      input: [current, w, b],
      output: [gemmOut],
      attribute: [{ name: 'transB', i: 1, type: ATTR_INT }],
    });
    current = gemmOut;
    if (l < net.layers.length - 1) {
      nodes.push({ op_type: 'Relu', name: `relu_${l}`, input: [current], output: [`relu${l}`] });
      current = `relu${l}`;
    }
  });
  nodes.push({ op_type: 'Softmax', name: 'softmax', input: [current], output: [ONNX_OUTPUT], attribute: [{ name: 'axis', i: 1, type: ATTR_INT }] });
  const model = {
    ir_version: 8,
    producer_name: 'rampart',
    producer_version: '0.1.0',
    opset_import: [{ domain: '', version: 13 }],
    graph: {
      name,
      node: nodes,
      initializer: initializers,
      input: [valueInfo(ONNX_INPUT, first.inputs)],
      output: [valueInfo(ONNX_OUTPUT, last.outputs)],
    },
  };
  const problem = ModelProto.verify(model);
  if (problem) throw new Error(`ONNX model does not fit the schema: ${problem}`);
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

function tensor(name: string, dims: number[], values: Float64Array): object {
  // raw_data is little-endian float32, the spec's layout; smaller and faster to parse than float_data.
  const raw = new Uint8Array(Float32Array.from(values).buffer);
  return { name, dims, data_type: ONNX_FLOAT, raw_data: raw };
}

function valueInfo(name: string, width: number): object {
  return {
    name,
    type: { tensor_type: { elem_type: ONNX_FLOAT, shape: { dim: [{ dim_param: 'batch' }, { dim_value: width }] } } },
  };
}
