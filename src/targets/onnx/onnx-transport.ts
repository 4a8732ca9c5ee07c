import { readFile } from 'node:fs/promises';
import type { InferenceSession } from 'onnxruntime-node';
import { inputError } from '../../errors.ts';
import { ProtocolError, type Transport } from '../guarded-target.ts';
import type { Prediction } from '../prediction-target.ts';

export interface OnnxOptions {
  path: string;
  inputName: string | undefined;
  /** Output holding per-class scores; the first output when not given. */
  outputName: string | undefined;
  features: number | undefined;
  maxBatch: number;
  /**
   * Intra-op threads; onnxruntime's default otherwise. Its pool spins between runs, which on a busy machine
   * takes cores from the attack itself: one thread is faster for small models queried in many small calls.
   */
  threads?: number | undefined;
}

/**
 * A local ONNX classifier run by onnxruntime-node. Loaded lazily so that importing Rampart does not load the
 * native runtime; the model only runs inference, it is not scanned or trusted beyond that.
 */
export async function onnxTransport(options: OnnxOptions): Promise<Transport> {
  const ort = await import('onnxruntime-node');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(options.path);
  } catch (error) {
    throw inputError(`cannot read ONNX model: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: options.path }, 'check the "path" in the target file');
  }
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {});
  } catch (error) {
    throw inputError(`not a model onnxruntime can load: ${(error as Error).message.split('\n')[0]}`, { file: options.path });
  }
  const inputName = options.inputName ?? session.inputNames[0];
  const outputName = options.outputName ?? session.outputNames[0];
  if (!inputName || !session.inputNames.includes(inputName)) throw inputError(`the model has no input "${inputName}" (has ${session.inputNames.join(', ')})`, { file: options.path });
  if (!outputName || !session.outputNames.includes(outputName)) throw inputError(`the model has no output "${outputName}" (has ${session.outputNames.join(', ')})`, { file: options.path });
  let classes: number | undefined;
  return {
    features: options.features,
    get classes() {
      return classes;
    },
    maxBatch: options.maxBatch,
    endpoint: `onnx ${options.path}`,
    async send(inputs) {
      const width = inputs[0]?.length ?? 0;
      const data = new Float32Array(inputs.length * width);
      for (let i = 0; i < inputs.length; i++) data.set(inputs[i] as ArrayLike<number>, i * width);
      const result = await session.run({ [inputName]: new ort.Tensor('float32', data, [inputs.length, width]) });
      const out = result[outputName];
      if (!out) throw new ProtocolError(`the model produced no output "${outputName}"`);
      const values = out.data as ArrayLike<number | bigint>;
      const per = out.dims.length > 1 ? out.dims.slice(1).reduce((a, b) => a * b, 1) : 1;
      const predictions: Prediction[] = new Array<Prediction>(inputs.length);
      if (out.type === 'int64' || out.type === 'int32') {
        for (let i = 0; i < inputs.length; i++) predictions[i] = { label: Number(values[i]) };
        return { predictions };
      }
      // One conversion for the whole batch; each answer's scores are a view of it.
      const all = Float64Array.from(values as Float32Array | Float64Array);
      classes = per;
      for (let i = 0; i < inputs.length; i++) {
        const row = i * per;
        let label = 0;
        for (let k = 1; k < per; k++) if ((all[row + k] as number) > (all[row + label] as number)) label = k;
        predictions[i] = { label, scores: all.subarray(row, row + per) };
      }
      return { predictions };
    },
    close: async () => {
      await session.release();
    },
  };
}
