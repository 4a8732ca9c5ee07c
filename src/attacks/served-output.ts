import type { RawAnswer } from '../targets/prediction-target.ts';

/** Labels only, top-k, rounded, or full precision. */
export type OutputDisclosure = 'full-scores' | 'rounded-scores' | 'top-k' | 'labels-only';

/** One numeric field of the raw answers (key path; a named tensor's name stands in for its index). */
export interface ServedField {
  field: string;
  /** The vector it is, or the object holding it (a { class: score } map's entries share one group). */
  group: string;
  values: number;
  /** Values per input answered. */
  perAnswer: number;
  /** Holds non-integer values: scores, not labels or ids. */
  scores: boolean;
  /** Decimals the values are served with (the most any value needs), float32 values read as float32. */
  decimals: number;
  /** Every value is a float32 widened to float64 (0.9700000286102295 is 0.97 in float32). */
  float32: boolean;
  /** Whether the target file reads it; null when unknown (a JSONata expression reads the answer). */
  read: boolean | null;
}

export interface ServedOutput {
  output: OutputDisclosure;
  decimals?: number;
  topK?: number;
  precision?: 'float32' | 'float64';
  fields: ServedField[];
}

// Numbers that describe the call, not the input: never scores.
const META = /(^|[_.-])(time|ms|latency|duration|took|elapsed|seconds|timestamp|version|id|count|status|code)$/i;
// Integer fields named like these are the label, not a score rounded to 0 or 1.
const LABELS = /^(label|labels|class|classes|class_id|prediction|predictions|predicted_class|predicted_label|category|y|target|digit)$/i;
const lastKey = (field: string): string => field.split('.').pop() ?? '';
const CLASSIFICATION = /^\s*(-?\d+(?:\.(\d+))?(?:[eE][-+]?\d+)?)\s*:\s*\d+(?::.*)?$/;
const NUMERIC_TEXT = /^\s*-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s*$/;

interface Leaf {
  values: number[];
  decimals: number[];
  float32: boolean[];
  /** Vector fields are their own group; scalars are grouped by the object holding them (a { class: score } map). */
  group: string;
  keySet: Set<string>;
}

/**
 * What the API returns, judged from the raw answers, not from what the target file reads: the numeric fields,
 * which of them are scores, how many per answer (top-k against the class count), and the decimals actually
 * served (a float32 artefact like 0.9700000286102295 counts as 0.97).
 */
export function measureServed(raws: readonly RawAnswer[], classes: number | undefined, maxRounded = 4): ServedOutput {
  const leaves = new Map<string, Leaf>();
  let inputs = 0;
  for (const raw of raws) {
    inputs += raw.inputs;
    walk(raw.body, [], leaves);
  }
  const readPrefixes = raws.find((r) => r.fields !== undefined)?.fields;
  // A map's integer entries (a score rounded to 0 or 1) are scores when its other entries are.
  const scoredGroups = new Set([...leaves].filter(([field, leaf]) => !META.test(lastKey(field)) && leaf.values.some((v) => !Number.isInteger(v))).map(([, leaf]) => leaf.group));
  const fields: ServedField[] = [...leaves].map(([field, leaf]) => {
    const key = lastKey(field);
    const scores = !META.test(key) && (leaf.values.some((v) => !Number.isInteger(v)) || (!LABELS.test(key) && scoredGroups.has(leaf.group) && leaf.group !== field && leaf.values.every((v) => v >= 0 && v <= 1)));
    const read = readPrefixes === undefined ? null : readPrefixes.some((p) => p === '' || field === p || field.startsWith(`${p}.`));
    return { field, group: leaf.group, values: leaf.values.length, perAnswer: leaf.values.length / Math.max(1, inputs), scores, decimals: Math.max(0, ...leaf.decimals), float32: leaf.float32.every(Boolean), read };
  });
  const scored = fields.filter((f) => f.scores);
  if (scored.length === 0) return { output: 'labels-only', fields };
  // Scores per answer: the largest group (a vector, or the scalars of one object such as a top-k map).
  const groups = new Map<string, { perAnswer: number; keys: number }>();
  for (const f of scored) {
    const leaf = leaves.get(f.field) as Leaf;
    const g = groups.get(leaf.group) ?? { perAnswer: 0, keys: 0 };
    groups.set(leaf.group, { perAnswer: g.perAnswer + f.perAnswer, keys: g.keys + leaf.keySet.size });
  }
  const widest = [...groups.values()].reduce((a, b) => (b.perAnswer > a.perAnswer ? b : a));
  const k = Math.round(widest.perAnswer);
  const decimals = Math.max(...scored.map((f) => f.decimals));
  const precision = scored.every((f) => f.float32) ? 'float32' : 'float64';
  // Probabilities sum to 1, so all but one of them reveal the last (a sigmoid's P(class 1), or a binary label
  // with its confidence, is the whole distribution). Classes unknown: a map whose keys change is top-k.
  const probabilities = scored.every((f) => (leaves.get(f.field) as Leaf).values.every((v) => v >= 0 && v <= 1));
  const partial = classes !== undefined ? k < classes - (probabilities ? 1 : 0) : widest.keys > k;
  if (partial) return { output: 'top-k', topK: k, decimals, precision, fields };
  if (decimals <= maxRounded) return { output: 'rounded-scores', decimals, precision, fields };
  return { output: 'full-scores', decimals, precision, fields };
}

function walk(value: unknown, keys: string[], leaves: Map<string, Leaf>): void {
  if (typeof value === 'number') return add(leaves, keys, value, servedDecimals(value), false);
  if (typeof value === 'string') {
    const match = CLASSIFICATION.exec(value) ?? (NUMERIC_TEXT.test(value) ? [value, value.trim(), value.split('.')[1]] : null);
    if (match) add(leaves, keys, Number(match[1]), textDecimals(match[1] as string), false);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === 'number')) {
      for (const v of value as number[]) add(leaves, keys, v, servedDecimals(v), true);
      return;
    }
    for (const item of value) {
      const name = item !== null && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name : undefined;
      walk(item, name !== undefined ? [...keys, name] : keys, leaves);
    }
    return;
  }
  if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...keys, k], leaves);
}

function add(leaves: Map<string, Leaf>, keys: string[], value: number, decimals: number, vector: boolean): void {
  const field = keys.join('.');
  let leaf = leaves.get(field);
  if (!leaf) {
    leaf = { values: [], decimals: [], float32: [], group: vector ? field : keys.slice(0, -1).join('.'), keySet: new Set() };
    leaves.set(field, leaf);
  }
  leaf.values.push(value);
  leaf.decimals.push(decimals);
  leaf.float32.push(Math.fround(value) === value);
  leaf.keySet.add(keys[keys.length - 1] ?? '');
}

/** Decimals of the shortest text that reads back as this double, or as this float32 when it is one. */
export function servedDecimals(v: number): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return 0;
  const d64 = textDecimals(String(v));
  if (Math.fround(v) !== v) return d64;
  for (let d = 0; d < d64 && d <= 20; d++) if (Math.fround(Number(v.toFixed(d))) === v) return d;
  return d64;
}

/** Decimals written in a number's text: "0.970" → 3, "1.5e-3" → 4. */
export function textDecimals(text: string): number {
  const m = /^-?\d*(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text.trim());
  if (!m) return 0;
  return Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
}
