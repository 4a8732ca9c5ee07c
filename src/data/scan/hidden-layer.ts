import { readFile } from 'node:fs/promises';
import { inputError } from '../../errors.ts';
import { ModelProto, ONNX_FLOAT } from '../../ml/onnx/onnx-schema.ts';
import type { Matrix } from '../../ml/matrix.ts';

interface Node {
  op_type?: string;
  input?: string[];
  output?: string[];
}

/**
 * Activations of an ONNX classifier's last hidden layer for every row: the input of its last Gemm or
 * MatMul. onnxruntime returns only graph outputs, so that tensor is made one by appending a graph-output
 * entry to the serialised model (protobuf merges a repeated field given twice), leaving the rest untouched.
 */
export async function hiddenActivations(path: string, x: Matrix): Promise<{ layer: string; activations: Matrix }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw inputError(`cannot read the model: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: path });
  }
  let nodes: Node[];
  let inputs: string[];
  try {
    const model = ModelProto.toObject(ModelProto.decode(bytes)) as { graph?: { node?: Node[]; input?: { name?: string }[] } };
    nodes = model.graph?.node ?? [];
    inputs = (model.graph?.input ?? []).map((i) => i.name ?? '');
  } catch (error) {
    throw inputError(`not an ONNX model: ${(error as Error).message}`, { file: path });
  }
  const last = [...nodes].reverse().find((n) => n.op_type === 'Gemm' || n.op_type === 'MatMul');
  const layer = last?.input?.[0];
  if (!layer || inputs.includes(layer)) throw inputError('the model has no hidden layer before its last Gemm/MatMul (a linear model has no representation to cluster)', { file: path }, 'scan without --model, or give a model with a hidden layer');
  const extra = ModelProto.encode(ModelProto.fromObject({ graph: { output: [{ name: layer, type: { tensor_type: { elem_type: ONNX_FLOAT } } }] } })).finish();
  const patched = new Uint8Array(bytes.length + extra.length);
  patched.set(bytes);
  patched.set(extra, bytes.length);
  const ort = await import('onnxruntime-node');
  let session: Awaited<ReturnType<typeof ort.InferenceSession.create>>;
  try {
    session = await ort.InferenceSession.create(patched, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  } catch (error) {
    throw inputError(`onnxruntime cannot load the model: ${(error as Error).message.split('\n')[0]}`, { file: path });
  }
  try {
    const inputName = session.inputNames[0] as string;
    const batch = 512;
    let width = 0;
    let out = new Float32Array(0);
    for (let start = 0; start < x.rows; start += batch) {
      const rows = Math.min(batch, x.rows - start);
      const feed = new ort.Tensor('float32', x.data.slice(start * x.cols, (start + rows) * x.cols), [rows, x.cols]);
      let result;
      try {
        result = await session.run({ [inputName]: feed }, [layer]);
      } catch (error) {
        throw inputError(`the model does not accept the dataset's ${x.cols} features: ${(error as Error).message.split('\n')[0]}`, { file: path });
      }
      const tensor = result[layer];
      if (!tensor) throw inputError(`the model produced no tensor "${layer}"`, { file: path });
      if (width === 0) {
        width = tensor.dims.slice(1).reduce((a, b) => a * b, 1);
        out = new Float32Array(x.rows * width);
      }
      out.set(Float32Array.from(tensor.data as Float32Array), start * width);
    }
    return { layer, activations: { data: out, rows: x.rows, cols: width } };
  } finally {
    await session.release();
  }
}
