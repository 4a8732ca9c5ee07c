import { nearestNeighbours } from '../../ml/knn.ts';
import type { Matrix, Scaling } from '../../ml/matrix.ts';
import type { ColumnProfile } from './column-profile.ts';
import type { Flag } from './flags.ts';

export interface TriggerOptions {
  minSupport: number;
  /** Least share of the rows holding a value that carry its dominant label. */
  minPurity: number;
  /** Least purity over that label's share of all rows. */
  minLift: number;
  /** Least share of a pattern's rows whose other features look like another class. */
  minMismatch: number;
  /** Rows without the pattern that the content vote compares against, at most. */
  sample: number;
}

interface Item {
  column: number;
  value: number;
  label: number;
  rows: Int32Array;
}

export interface TriggerPattern {
  label: number;
  cells: { column: number; value: number }[];
  rows: number[];
  /** Share of the pattern's rows whose remaining features vote for another class. */
  mismatch: number;
}

/**
 * Backdoor triggers without a model: a few features fixed at one value (a corner patch of white pixels)
 * that occur with one label far more than chance, on rows whose other features look like other classes.
 * The last test is what tells a stamped trigger from a feature that is simply typical of its class: with
 * the pattern's columns blanked, the rows' nearest neighbours (among rows without the pattern) vote for
 * another label.
 */
export function findTriggerPatterns(x: Matrix, y: Int32Array, classCount: number, scaling: Scaling, profiles: ColumnProfile[], options: TriggerOptions): TriggerPattern[] {
  const items = candidateItems(x, y, classCount, profiles, options);
  const patterns: TriggerPattern[] = [];
  for (const group of mergeItems(items)) {
    const label = (group[0] as Item).label;
    const hits = new Map<number, number>();
    for (const item of group) for (const r of item.rows) hits.set(r, (hits.get(r) ?? 0) + 1);
    const need = Math.max(1, Math.ceil(group.length * 0.75));
    const rows = [...hits].filter(([r, h]) => h >= need && y[r] === label).map(([r]) => r).sort((a, b) => a - b);
    if (rows.length < options.minSupport) continue;
    const columns = [...new Set(group.map((i) => i.column))];
    const votes = contentVotes(x, y, classCount, scaling, rows, columns, options.sample);
    const mismatch = votes.filter((v) => v !== label).length / rows.length;
    if (mismatch < options.minMismatch) continue;
    patterns.push({ label, cells: group.map((i) => ({ column: i.column, value: i.value })), rows, mismatch });
  }
  return patterns;
}

export function triggerFlags(patterns: TriggerPattern[], features: string[], classes: string[]): Flag[] {
  return patterns.flatMap((p) => {
    const cells = p.cells.map((c) => `${features[c.column]}=${c.value}`).join(', ');
    return p.rows.map((index) => ({
      kind: 'backdoor' as const,
      index,
      score: 0.5 + p.mismatch / 2,
      reason: `trigger pattern [${cells}] with label ${classes[p.label]}: ${p.rows.length} rows carry it, ${Math.round(p.mismatch * 100)}% of them look like another class without it`,
    }));
  });
}

function candidateItems(x: Matrix, y: Int32Array, classCount: number, profiles: ColumnProfile[], options: TriggerOptions): Item[] {
  const { rows, cols, data } = x;
  const prior = new Float64Array(classCount);
  for (const c of y) prior[c] = (prior[c] as number) + 1 / rows;
  const items: Item[] = [];
  profiles.forEach((profile, column) => {
    for (const value of profile.repeated.slice(0, 64)) {
      const held: number[] = [];
      const counts = new Int32Array(classCount);
      for (let r = 0; r < rows; r++) {
        if (data[r * cols + column] === value) {
          held.push(r);
          counts[y[r] as number] = (counts[y[r] as number] as number) + 1;
        }
      }
      let label = 0;
      for (let c = 1; c < classCount; c++) if ((counts[c] as number) > (counts[label] as number)) label = c;
      const purity = (counts[label] as number) / held.length;
      if ((counts[label] as number) >= options.minSupport && purity >= options.minPurity && purity / (prior[label] as number) >= options.minLift) {
        items.push({ column, value, label, rows: Int32Array.from(held) });
      }
    }
  });
  return items;
}

/** Items of the same label whose rows overlap by half or more join one pattern (union-find). */
function mergeItems(items: Item[]): Item[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i] as number)));
  const sets = items.map((i) => new Set(i.rows));
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) {
      const A = items[a] as Item;
      const B = items[b] as Item;
      if (A.label !== B.label || A.column === B.column) continue;
      const [small, large] = A.rows.length <= B.rows.length ? [A, sets[b] as Set<number>] : [B, sets[a] as Set<number>];
      let common = 0;
      for (const r of small.rows) if (large.has(r)) common++;
      if (common >= 0.5 * small.rows.length) parent[find(a)] = find(b);
    }
  }
  const groups = new Map<number, Item[]>();
  items.forEach((item, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), item]));
  return [...groups.values()];
}

/** The label the 5 nearest other rows vote for, judged on the features outside `blank`. */
/**
 * With `excludeQueries` the base leaves out every query row (a stamped pattern must not vote for itself);
 * without it, only the row itself (a genuine sub-population then still finds its own kind).
 */
export function contentVotes(x: Matrix, y: Int32Array, classCount: number, scaling: Scaling, rows: number[], blank: number[], sample: number, excludeQueries = true): number[] {
  const inPattern = new Set(excludeQueries ? rows : []);
  const others: number[] = [];
  const stride = Math.max(1, Math.floor((x.rows - rows.length) / sample));
  for (let r = 0, seen = 0; r < x.rows; r++) {
    if (inPattern.has(r)) continue;
    if (seen++ % stride === 0) others.push(r);
  }
  const project = (indices: number[]): Matrix => {
    const out = new Float32Array(indices.length * x.cols);
    indices.forEach((r, i) => {
      for (let c = 0; c < x.cols; c++) out[i * x.cols + c] = ((x.data[r * x.cols + c] as number) - (scaling.mean[c] as number)) * (scaling.inv[c] as number);
      for (const c of blank) out[i * x.cols + c] = 0;
    });
    return { data: out, rows: indices.length, cols: x.cols };
  };
  const nb = nearestNeighbours(project(rows), project(others), 6);
  return rows.map((row, i) => {
    const votes = new Float64Array(classCount);
    for (let p = 0, used = 0; p < nb.k && used < 5; p++) {
      const j = nb.index[i * nb.k + p] as number;
      if (j < 0 || others[j] === row) continue;
      used++;
      votes[y[others[j] as number] as number] = (votes[y[others[j] as number] as number] as number) + 1;
    }
    let best = 0;
    for (let c = 1; c < classCount; c++) if ((votes[c] as number) > (votes[best] as number)) best = c;
    return best;
  });
}
