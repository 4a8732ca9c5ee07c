type Obj = Record<string, unknown>;

/**
 * The checkpoint ops every SavedModel carries write and delete files at a path the caller feeds: the saver
 * function's `file_prefix` argument, or a TF1 `save/Const` placeholder with a default. The same ops with
 * the path fixed in the graph — a `Const` string, or one passed through ops that only copy or join
 * constants — write (`SaveV2`, `Save`, `SaveSlices`), or merge and delete (`MergeV2Checkpoints`), files the
 * model's author chose, whenever the function holding them runs.
 */
const pathInputs: Readonly<Record<string, readonly number[]>> = { SaveV2: [0], Save: [0], SaveSlices: [0], MergeV2Checkpoints: [0, 1] };
/** Ops whose output is constant when their data inputs are (the data inputs to follow). */
const passes: Readonly<Record<string, 'all' | 'first'>> = { Identity: 'all', Snapshot: 'all', StringJoin: 'all', Pack: 'all', ShardedFilename: 'first' };

/** `[node name, constant path]` for each checkpoint op in `nodes` (one graph or function) whose path is fixed. */
export function fixedCheckpointPaths(nodes: Obj[]): [string, string, string][] {
  const byName = new Map<string, Obj>();
  for (const n of nodes) byName.set(String(n.name ?? ''), n);
  const out: [string, string, string][] = [];
  for (const n of nodes) {
    const op = String(n.op ?? '');
    for (const k of pathInputs[op] ?? []) {
      const input = dataInputs(n)[k];
      const path = input === undefined ? undefined : constantText(byName, input, 0);
      if (path === undefined) continue;
      out.push([String(n.name ?? op), op, path]);
      break; // one finding per op
    }
  }
  return out;
}

/** Data inputs by producing node name: `^ctrl` dropped, `name:0` and `name:output:0` cut to `name`. */
function dataInputs(n: Obj): string[] {
  return ((n.input as string[] | undefined) ?? []).filter((i) => !i.startsWith('^')).map((i) => i.split(':')[0]!);
}

function constantText(byName: Map<string, Obj>, name: string, depth: number): string | undefined {
  const n = byName.get(name);
  if (!n || depth > 16) return undefined;
  const op = String(n.op ?? '');
  if (op === 'Const') {
    const values = (((n.attr as Obj | undefined)?.value as Obj | undefined)?.tensor as Obj | undefined)?.stringVal as Uint8Array[] | undefined;
    return values?.length ? values.map((v) => Buffer.from(v).toString('utf8')).join(',') : undefined;
  }
  const rule = passes[op];
  if (!rule) return undefined;
  const inputs = dataInputs(n);
  const followed = rule === 'first' ? inputs.slice(0, 1) : inputs;
  if (!followed.length) return undefined;
  const parts = followed.map((i) => constantText(byName, i, depth + 1));
  return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
}
