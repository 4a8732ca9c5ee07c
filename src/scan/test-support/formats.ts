import { onnxRoot, tfRoot } from '../containers/protobuf-schemas.ts';
import { le } from './pickle-writer.ts';

/** Writers for the non-pickle formats: safetensors, ONNX, SavedModel, GGUF. */
export function safetensors(tensors: { name: string; dtype: string; shape: number[]; begin: number; end: number }[], data: Uint8Array, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  for (const t of tensors) header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [t.begin, t.end] };
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  return Buffer.concat([Buffer.from(le(json.length, 8)), Buffer.from(json), data]);
}

export function onnxModel(nodes: { opType: string; domain?: string }[], options: { externalLocation?: string; opsetDomain?: string } = {}): Uint8Array {
  const ModelProto = onnxRoot.lookupType('onnx.ModelProto');
  const initializer = options.externalLocation ? [{ name: 'w', dataLocation: 1, externalData: [{ key: 'location', value: options.externalLocation }, { key: 'offset', value: '0' }] }] : [];
  const message = ModelProto.fromObject({
    irVersion: 8,
    producerName: 'rampart-tests',
    opsetImport: [{ domain: '', version: 17 }, ...(options.opsetDomain ? [{ domain: options.opsetDomain, version: 1 }] : [])],
    graph: { name: 'g', node: nodes.map((n, k) => ({ name: `n${k}`, opType: n.opType, domain: n.domain ?? '', input: ['x'], output: [`y${k}`] })), initializer },
  });
  return ModelProto.encode(message).finish();
}

export function savedModel(ops: string[]): Uint8Array {
  const SavedModel = tfRoot.lookupType('tf.SavedModel');
  return SavedModel.encode(SavedModel.fromObject({ savedModelSchemaVersion: 1, metaGraphs: [{ graphDef: { node: ops.map((op, k) => ({ name: `node${k}`, op })) } }] })).finish();
}

export function gguf(kv: [string, string | number][]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('GGUF'), Buffer.from(le(3, 4)), Buffer.from(le(0, 8)), Buffer.from(le(kv.length, 8))];
  const str = (s: string): Buffer => {
    const b = Buffer.from(s, 'utf8');
    return Buffer.concat([Buffer.from(le(b.length, 8)), b]);
  };
  for (const [key, value] of kv) {
    parts.push(str(key));
    if (typeof value === 'string') parts.push(Buffer.from(le(8, 4)), str(value));
    else parts.push(Buffer.from(le(4, 4)), Buffer.from(le(value, 4)));
  }
  return Buffer.concat(parts);
}
