import { readFileSync } from 'node:fs';
import { createRng, type Rng } from '../../ml/rng.ts';
import type { Table } from './write-formats.ts';

/**
 * Generators for the evaluation of `data scan` (issue 14): a clean train/test pair, image-like (the UCI
 * digits, CC BY 4.0, E. Alpaydin and C. Kaynak 1998; test/fixtures/digits/README.md) or tabular (a
 * Gaussian mixture), and one kind of poisoning applied to the train part with the poisoned rows recorded.
 */
export type PoisonKind = 'random-flips' | 'targeted-flips' | 'boundary-flips' | 'backdoor' | 'eval-duplicates' | 'outliers' | 'clean';

export const POISON_KINDS: readonly PoisonKind[] = ['random-flips', 'targeted-flips', 'boundary-flips', 'backdoor', 'eval-duplicates', 'outliers', 'clean'];

/** `tabular` has well separated classes; `overlap` classes that overlap (a model errs on ~10% of clean rows). */
export type SplitName = 'digits' | 'tabular' | 'overlap';

export const SPLIT_NAMES: readonly SplitName[] = ['digits', 'tabular', 'overlap'];

export interface Split {
  name: SplitName;
  train: Table;
  test: Table;
  /** Value a trigger sets, and the columns it may use. */
  trigger: { value: number; columns: number[] };
  /** Valid feature range, for clamping. */
  range: [number, number] | undefined;
}

export interface Poisoned {
  split: Split;
  kind: PoisonKind;
  train: Table;
  /** Indices of poisoned rows in `train`. */
  poisoned: Set<number>;
}

const digitsPath = new URL('../../../test/fixtures/digits/digits.csv', import.meta.url);

/** The digits (1,797 rows, 64 pixels 0–16) split 70/30, stratified, shuffled by `seed`. */
export function digitsSplit(seed: number): Split {
  const rows = readFileSync(digitsPath, 'utf8').trim().split('\n').map((l) => l.split(',').map(Number));
  const data: Table = { features: rows.map((r) => Float64Array.from(r.slice(0, 64))), labels: rows.map((r) => r[64] as number), names: Array.from({ length: 64 }, (_, i) => `p${i}`) };
  const { train, test } = splitTable(data, 0.3, createRng(seed));
  // The corner patch: the 2×2 bottom-right pixels, which handwritten digits almost never ink.
  return { name: 'digits', train, test, trigger: { value: 16, columns: [54, 55, 62, 63] }, range: [0, 16] };
}

export function splitOf(name: SplitName, seed: number): Split {
  if (name === 'digits') return digitsSplit(seed);
  return name === 'tabular' ? tabularSplit(seed) : tabularSplit(seed, { classes: 6, features: 16, spread: 1.0, rows: 3000, name });
}

export interface MixtureShape {
  classes?: number;
  features?: number;
  /** Standard deviation of the cluster means (each cluster has unit variance). */
  spread?: number;
  rows?: number;
  name?: SplitName;
}

/** A Gaussian mixture: by default 5 classes of 2,000 rows in all, 20 features, cluster means ~N(0, 1.5²). */
export function tabularSplit(seed: number, shape: MixtureShape = {}): Split {
  const { classes = 5, features = 20, spread = 1.5, rows: n = 2000, name = 'tabular' } = shape;
  const rng = createRng(seed);
  const means = Array.from({ length: classes }, () => Float64Array.from({ length: features }, () => rng.normal() * spread));
  const data: Table = { features: [], labels: [], names: Array.from({ length: features }, (_, i) => `x${i}`) };
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    data.features.push(Float64Array.from(means[c] as Float64Array, (m) => Number((m + rng.normal()).toFixed(4))));
    data.labels.push(c);
  }
  const { train, test } = splitTable(data, 0.3, rng);
  const columns = shuffle(Array.from({ length: features }, (_, i) => i), rng).slice(0, 3);
  return { name, train, test, trigger: { value: 3.5, columns }, range: undefined };
}

/** Apply one kind of poisoning to `split.train` at `rate` of its rows. */
export function poison(split: Split, kind: PoisonKind, seed: number, rate = defaultRate[kind]): Poisoned {
  const rng = createRng(seed * 7919 + 17);
  const train: Table = { ...split.train, features: split.train.features.map((r) => r.slice()), labels: split.train.labels.slice() };
  const n = train.features.length;
  const classes = [...new Set(train.labels.map(Number))].sort((a, b) => a - b);
  const poisoned = new Set<number>();
  const count = Math.round(n * rate);
  const other = (label: number): number => {
    const choices = classes.filter((c) => c !== label);
    return choices[rng.int(choices.length)] as number;
  };
  const order = shuffle(Array.from({ length: n }, (_, i) => i), rng);
  switch (kind) {
    case 'random-flips':
      for (const i of order.slice(0, count)) {
        train.labels[i] = other(Number(train.labels[i]));
        poisoned.add(i);
      }
      break;
    case 'targeted-flips': {
      // One source class relabelled as one target class: 40% of the source rows.
      const [source, target] = shuffle(classes, rng) as [number, number];
      const rows = order.filter((i) => train.labels[i] === source);
      for (const i of rows.slice(0, Math.round(rows.length * 0.4))) {
        train.labels[i] = target;
        poisoned.add(i);
      }
      break;
    }
    case 'boundary-flips': {
      // The source rows nearest the closest other class (by class centroids) relabelled as that class: 30%.
      const [source] = shuffle(classes, rng) as [number];
      const centroid = (c: number): Float64Array => centroidOf(train, c);
      const from = centroid(source);
      const target = classes.filter((c) => c !== source).sort((a, b) => distance(centroid(a), from) - distance(centroid(b), from))[0] as number;
      const to = centroid(target);
      const lean = (i: number): number => distance(train.features[i] as Float64Array, to) - distance(train.features[i] as Float64Array, from);
      const rows = order.filter((i) => train.labels[i] === source).sort((a, b) => lean(a) - lean(b));
      for (const i of rows.slice(0, Math.round(rows.length * 0.3))) {
        train.labels[i] = target;
        poisoned.add(i);
      }
      break;
    }
    case 'backdoor': {
      const target = classes[rng.int(classes.length)] as number;
      for (const i of order.filter((r) => train.labels[r] !== target).slice(0, count)) {
        for (const c of split.trigger.columns) (train.features[i] as Float64Array)[c] = split.trigger.value;
        train.labels[i] = target;
        poisoned.add(i);
      }
      break;
    }
    case 'eval-duplicates': {
      // Wrong-label near-copies of test rows, added to the training data.
      const test = shuffle(Array.from({ length: split.test.features.length }, (_, i) => i), rng).slice(0, count);
      for (const t of test) {
        const row = (split.test.features[t] as Float64Array).slice();
        for (let j = 0; j < 3; j++) {
          const c = rng.int(row.length);
          row[c] = clamp((row[c] as number) + (split.range ? rng.int(3) - 1 : rng.normal() * 0.02), split.range);
        }
        poisoned.add(train.features.length);
        train.features.push(row);
        train.labels.push(other(Number(split.test.labels[t])));
      }
      break;
    }
    case 'outliers': {
      const width = split.range ? split.range[1] - split.range[0] : 6;
      for (const i of order.slice(0, count)) {
        const row = train.features[i] as Float64Array;
        for (let j = 0; j < 1 + rng.int(3); j++) {
          const c = rng.int(row.length);
          row[c] = (rng.next() < 0.5 ? -1 : 1) * width * (3 + rng.next() * 5);
        }
        poisoned.add(i);
      }
      break;
    }
    case 'clean':
      break;
  }
  return { split, kind, train, poisoned };
}

const defaultRate: Record<PoisonKind, number> = { 'random-flips': 0.1, 'targeted-flips': 0, 'boundary-flips': 0, backdoor: 0.05, 'eval-duplicates': 0.03, outliers: 0.01, clean: 0 };

function centroidOf(t: Table, label: number): Float64Array {
  const sum = new Float64Array(t.features[0]?.length ?? 0);
  let n = 0;
  t.features.forEach((row, i) => {
    if (t.labels[i] !== label) return;
    row.forEach((v, c) => (sum[c] = (sum[c] as number) + v));
    n++;
  });
  return sum.map((v) => v / Math.max(1, n));
}

function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let c = 0; c < a.length; c++) s += ((a[c] as number) - (b[c] as number)) ** 2;
  return Math.sqrt(s);
}

function clamp(v: number, range: [number, number] | undefined): number {
  return range ? Math.min(range[1], Math.max(range[0], v)) : v;
}

function splitTable(data: Table, testShare: number, rng: Rng): { train: Table; test: Table } {
  const byClass = new Map<number, number[]>();
  data.labels.forEach((l, i) => byClass.set(Number(l), [...(byClass.get(Number(l)) ?? []), i]));
  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  for (const rows of byClass.values()) {
    const s = shuffle(rows, rng);
    const t = Math.round(s.length * testShare);
    testIdx.push(...s.slice(0, t));
    trainIdx.push(...s.slice(t));
  }
  const pick = (idx: number[]): Table => {
    const o = shuffle(idx, rng);
    return { ...data, features: o.map((i) => data.features[i] as Float64Array), labels: o.map((i) => data.labels[i] as number) };
  };
  return { train: pick(trainIdx), test: pick(testIdx) };
}

function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
