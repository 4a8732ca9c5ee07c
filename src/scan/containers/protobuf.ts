import protobuf from 'protobufjs';
import { noteFormat, report, type ScanContext } from '../context.ts';
import type { ByteSource } from '../source.ts';
import { scanKerasConfig } from './keras.ts';
import { onnxRoot, tfRoot } from './protobuf-schemas.ts';
import { escapesRoot } from './zip-reader.ts';
import { externalDataEscape } from './onnx-external.ts';
import { fixedCheckpointPaths } from './tf-checkpoint-paths.ts';
import { tfDangerous, tfSuspicious } from './tf-ops.ts';

/**
 * Protobuf model files have no magic: the scanner decodes with each schema and keeps the one whose
 * required structure is present — ONNX (graph + opsets), TensorFlow SavedModel (meta graphs), or Keras
 * SavedModel metadata (keras_metadata.pb). Returns false when none fits.
 */
const MAX_PROTOBUF = 512 * 1024 * 1024;
const standardDomains = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'ai.onnx.training', 'ai.onnx.preview.training', 'com.microsoft', 'com.microsoft.nchwc', 'com.microsoft.experimental']);
type Obj = Record<string, unknown>;

export function scanProtobuf(source: ByteSource, ctx: ScanContext): boolean {
  if (source.size > MAX_PROTOBUF) return false;
  const bytes = source.read(0, source.size);
  const onnx = tryDecode(() => onnxRoot.lookupType('onnx.ModelProto').decode(bytes) as unknown as Obj);
  if (onnx && onnx.graph && Array.isArray(onnx.opsetImport) && onnx.opsetImport.length > 0) {
    noteFormat(ctx, 'onnx');
    scanOnnx(onnx, ctx, ctx.member.length === 0 ? source.path : undefined);
    return true;
  }
  const saved = tryDecode(() => tfRoot.lookupType('tf.SavedModel').decode(bytes) as unknown as Obj);
  const metaGraphs = (saved?.metaGraphs as Obj[] | undefined) ?? [];
  if (metaGraphs.length > 0 && metaGraphs.every((m) => m.graphDef)) {
    noteFormat(ctx, 'tensorflow-savedmodel');
    for (const m of metaGraphs) scanGraphDef(m.graphDef as Obj, ctx);
    return true;
  }
  if (isSavedModelFingerprint(bytes)) {
    noteFormat(ctx, 'tensorflow-savedmodel-fingerprint');
    return true;
  }
  const meta = tryDecode(() => tfRoot.lookupType('tf.SavedMetadata').decode(bytes) as unknown as Obj);
  const nodes = (meta?.nodes as Obj[] | undefined) ?? [];
  if (nodes.length > 0 && nodes.every((n) => typeof n.metadata === 'string' && (n.metadata as string).startsWith('{'))) {
    noteFormat(ctx, 'keras-savedmodel-metadata');
    for (const n of nodes) scanKerasConfig(new TextEncoder().encode(n.metadata as string), ctx);
    return true;
  }
  return false;
}

/**
 * fingerprint.pb beside saved_model.pb (tensorflow/core/protobuf/fingerprint.proto): hashes as varints in
 * fields 1–5, a VersionDef in 6, a UUID string in 7 — nothing that can carry code. Any other field means
 * it is not one.
 */
function isSavedModelFingerprint(bytes: Uint8Array): boolean {
  const reader = protobuf.Reader.create(bytes);
  let hashes = 0;
  try {
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      const field = tag >>> 3;
      const wire = tag & 7;
      if (field >= 1 && field <= 5 && wire === 0) {
        reader.skipType(0);
        hashes++;
      } else if ((field === 6 || field === 7) && wire === 2) reader.skipType(2);
      else return false;
    }
  } catch {
    return false;
  }
  return hashes >= 3;
}

function tryDecode(f: () => Obj): Obj | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** The two tensors of a SparseTensorProto, either of which may name external data. */
function sparseParts(s: Obj | undefined): Obj[] {
  return s ? [s.values as Obj, s.indices as Obj] : [];
}

function scanOnnx(model: Obj, ctx: ScanContext, modelPath: string | undefined): void {
  const local = new Set(((model.functions as Obj[] | undefined) ?? []).map((f) => `${String(f.domain)}::${String(f.name)}`));
  const seen = new Set<string>();
  const visitGraph = (g: Obj | undefined, depth: number): void => {
    if (!g || depth > 32) return;
    for (const t of [...((g.initializer as Obj[]) ?? []), ...((g.sparseInitializer as Obj[]) ?? []).flatMap(sparseParts)]) visitTensor(t);
    for (const n of (g.node as Obj[]) ?? []) visitNode(n, depth);
  };
  const visitTensor = (t: Obj | undefined): void => {
    if (!t) return;
    for (const e of (t.externalData as Obj[]) ?? []) {
      const location = String(e.value ?? '');
      if (e.key === 'location' && (escapesRoot(location) || location.startsWith('/') || location.includes('\0'))) {
        report(ctx, 'onnx/external-data-traversal', `tensor ${String(t.name)} reads its data from ${JSON.stringify(location)}, outside the model folder`, { args: location });
      } else if (e.key === 'location' && modelPath) {
        const real = externalDataEscape(modelPath, location);
        if (real) report(ctx, 'onnx/external-data-traversal', `tensor ${String(t.name)} reads its data from ${JSON.stringify(location)}, a link to ${real} outside the model folder`, { args: location });
      }
    }
  };
  const visitNode = (n: Obj, depth: number): void => {
    const domain = String(n.domain ?? '');
    const op = String(n.opType ?? '');
    if (!standardDomains.has(domain) && !local.has(`${domain}::${op}`) && !seen.has(`${domain}::${op}`)) {
      seen.add(`${domain}::${op}`);
      report(ctx, 'onnx/custom-domain', `node ${String(n.name || op)} uses operator ${op} from custom domain ${JSON.stringify(domain)} (native code from a runtime extension)`, { global: `${domain}.${op}` });
    }
    for (const a of (n.attribute as Obj[]) ?? []) {
      visitTensor(a.t as Obj | undefined);
      for (const t of (a.tensors as Obj[]) ?? []) visitTensor(t);
      // A Constant's `sparse_value`: onnxruntime densifies it at load, reading its values' external data.
      for (const t of [a.sparseTensor as Obj | undefined, ...((a.sparseTensors as Obj[]) ?? [])].flatMap(sparseParts)) visitTensor(t);
      visitGraph(a.g as Obj | undefined, depth + 1);
      for (const g of (a.graphs as Obj[]) ?? []) visitGraph(g, depth + 1);
    }
  };
  visitGraph(model.graph as Obj, 0);
  for (const f of (model.functions as Obj[]) ?? []) for (const n of (f.node as Obj[]) ?? []) visitNode(n, 1);
}

function scanGraphDef(graph: Obj, ctx: ScanContext): void {
  const functions = (((graph.library as Obj | undefined)?.function as Obj[]) ?? []).map((f) => (f.nodeDef as Obj[]) ?? []);
  const nodes: Obj[] = [...((graph.node as Obj[]) ?? []), ...functions.flat()];
  for (const scope of [(graph.node as Obj[]) ?? [], ...functions]) {
    for (const [name, op, path] of fixedCheckpointPaths(scope)) {
      report(ctx, 'tensorflow/dangerous-op', `graph node ${name} runs ${op} on the path ${JSON.stringify(path)} fixed in the graph (checkpoint ops write or delete files where the caller says, not where the model does)`, { global: op, args: path });
    }
  }
  const seen = new Set<string>();
  for (const n of nodes) {
    const op = String(n.op ?? '');
    if (seen.has(op)) continue;
    if (tfDangerous.has(op) || tfSuspicious.has(op)) {
      seen.add(op);
      report(ctx, 'tensorflow/dangerous-op', `graph node ${String(n.name)} runs op ${op}${tfDangerous.has(op) ? '' : ' (file or data-source access)'}`, { global: op, ...(tfDangerous.has(op) ? {} : { level: 'suspicious' as const }) });
    }
  }
}
