import { scalingOf, type Scaling } from '../../ml/matrix.ts';
import { createRng } from '../../ml/rng.ts';
import type { Flag } from './flags.ts';
import { hiddenActivations } from './hidden-layer.ts';
import type { Table } from './table.ts';
import type { Matrix } from '../../ml/matrix.ts';

const COMPONENTS = 10;
const MAX_SHARE = 0.35;

/**
 * Backdoors seen through a model (Chen et al., "Detecting Backdoor Attacks on Deep Neural Networks by
 * Activation Clustering", 2018): per class, the hidden-layer activations are projected on their top
 * principal components and split in two by k-means. A poisoned class splits into its genuine rows and a
 * small cluster of stamped rows. The cluster is confirmed when its inputs' nearest neighbours vote for
 * another class under a trimmed distance that ignores the few features on which two rows differ most: a
 * trigger is small, so a stamped row is then nearest to genuine rows of its source class, while a genuine
 * sub-population of the class (a handwriting style) stays nearest to its own kind.
 */
export function modelBackdoorFlags(modelPath: string): (table: Table) => Promise<Flag[]> {
  return async (table) => {
    const { layer, activations } = await hiddenActivations(modelPath, table.x);
    const scaling = scalingOf(table.x);
    const flags: Flag[] = [];
    const minRows = Math.max(5, Math.ceil(table.x.rows * 0.002));
    table.classes.forEach((name, label) => {
      const rows: number[] = [];
      table.y.forEach((c, i) => c === label && rows.push(i));
      if (rows.length < 4 * minRows) return;
      const cluster = smallCluster(activations, rows);
      const small = cluster.rows;
      if (small.length < minRows || small.length > MAX_SHARE * rows.length) return;
      const votes = trimmedVotes(table, scaling, small, 5000);
      const mismatch = votes.filter((v) => v !== label).length / small.length;
      if (mismatch < 0.5) return;
      for (const index of small) {
        flags.push({ kind: 'backdoor', index, score: 0.5 + mismatch / 2, reason: `activation cluster of ${small.length} of ${rows.length} rows labelled ${name} in hidden layer "${layer}"; ${Math.round(mismatch * 100)}% of their inputs look like another class` });
      }
    });
    return flags;
  };
}

/** The smaller of two k-means clusters of `rows`' activations on their top principal components. */
function smallCluster(a: Matrix, rows: number[]): { rows: number[]; silhouette: number } {
  const h = a.cols;
  const mean = new Float64Array(h);
  for (const r of rows) for (let j = 0; j < h; j++) mean[j] = (mean[j] as number) + (a.data[r * h + j] as number) / rows.length;
  const centred = rows.map((r) => Float64Array.from({ length: h }, (_, j) => (a.data[r * h + j] as number) - (mean[j] as number)));
  const components = topComponents(centred, h, Math.min(COMPONENTS, h));
  const points = centred.map((v) => components.map((c) => dot(v, c)));
  const assign = twoMeans(points);
  const ones = assign.filter((v) => v === 1).length;
  const minority = ones <= rows.length - ones ? 1 : 0;
  return { rows: rows.filter((_, i) => assign[i] === minority), silhouette: silhouette(points, assign) };
}

/** Top principal directions by power iteration with deflation (the covariance is `h × h`, h is small). */
function topComponents(vectors: Float64Array[], h: number, count: number): Float64Array[] {
  const cov = new Float64Array(h * h);
  for (const v of vectors) for (let i = 0; i < h; i++) for (let j = 0; j < h; j++) cov[i * h + j] = (cov[i * h + j] as number) + (v[i] as number) * (v[j] as number);
  const rng = createRng(7);
  const out: Float64Array[] = [];
  for (let k = 0; k < count; k++) {
    let v = Float64Array.from({ length: h }, () => rng.next() - 0.5);
    for (let it = 0; it < 100; it++) {
      const w = new Float64Array(h);
      for (let i = 0; i < h; i++) for (let j = 0; j < h; j++) w[i] = (w[i] as number) + (cov[i * h + j] as number) * (v[j] as number);
      for (const u of out) {
        const p = dot(w, u);
        for (let i = 0; i < h; i++) w[i] = (w[i] as number) - p * (u[i] as number);
      }
      const n = Math.sqrt(dot(w, w));
      if (n < 1e-12) break;
      v = w.map((x) => x / n);
    }
    out.push(v);
  }
  return out;
}

/** Two-means (Lloyd) from the two points farthest apart along the first coordinate; 0/1 per point. */
function twoMeans(points: number[][]): number[] {
  let lo = 0;
  let hi = 0;
  points.forEach((p, i) => {
    if ((p[0] as number) < (points[lo]?.[0] as number)) lo = i;
    if ((p[0] as number) > (points[hi]?.[0] as number)) hi = i;
  });
  let centres = [points[lo] as number[], points[hi] as number[]];
  let assign = points.map(() => 0);
  for (let it = 0; it < 50; it++) {
    assign = points.map((p) => (dist2(p, centres[0] as number[]) <= dist2(p, centres[1] as number[]) ? 0 : 1));
    centres = [0, 1].map((c) => {
      const members = points.filter((_, i) => assign[i] === c);
      if (members.length === 0) return centres[c] as number[];
      return (members[0] as number[]).map((_, j) => members.reduce((s, m) => s + (m[j] as number), 0) / members.length);
    });
  }
  return assign;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};
const dist2 = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + (v - (b[i] as number)) ** 2, 0);

/** Mean silhouette of a two-cluster split (Rousseeuw 1987), on a sample of at most 400 points. */
function silhouette(points: number[][], assign: number[]): number {
  const step = Math.max(1, Math.floor(points.length / 400));
  const idx = points.map((_, i) => i).filter((i) => i % step === 0);
  let total = 0;
  for (const i of idx) {
    const sums = [0, 0];
    const counts = [0, 0];
    for (const j of idx) {
      if (i === j) continue;
      const c = assign[j] as number;
      sums[c] = (sums[c] as number) + Math.sqrt(dist2(points[i] as number[], points[j] as number[]));
      counts[c] = (counts[c] as number) + 1;
    }
    const own = assign[i] as number;
    const a = (counts[own] as number) > 0 ? (sums[own] as number) / (counts[own] as number) : 0;
    const b = (counts[1 - own] as number) > 0 ? (sums[1 - own] as number) / (counts[1 - own] as number) : 0;
    total += Math.max(a, b) > 0 ? (b - a) / Math.max(a, b) : 0;
  }
  return idx.length > 0 ? total / idx.length : 0;
}

/** Label voted by each query row's 5 nearest other rows (a sample of at most `sample`), by trimmed distance. */
function trimmedVotes(table: Table, scaling: Scaling, rows: number[], sample: number): number[] {
  const { x, y } = table;
  const d = x.cols;
  const trim = Math.max(2, Math.round(d * 0.1));
  const stride = Math.max(1, Math.floor(x.rows / sample));
  const scaled = (r: number, out: Float64Array): void => {
    for (let c = 0; c < d; c++) out[c] = ((x.data[r * d + c] as number) - (scaling.mean[c] as number)) * (scaling.inv[c] as number);
  };
  const q = new Float64Array(d);
  const b = new Float64Array(d);
  const diffs = new Float64Array(d);
  return rows.map((row) => {
    scaled(row, q);
    const best: { dist: number; label: number }[] = [];
    for (let r = 0; r < x.rows; r += stride) {
      if (r === row) continue;
      scaled(r, b);
      for (let c = 0; c < d; c++) diffs[c] = ((q[c] as number) - (b[c] as number)) ** 2;
      diffs.sort();
      let dist = 0;
      for (let c = 0; c < d - trim; c++) dist += diffs[c] as number;
      if (best.length < 5 || dist < (best[best.length - 1] as { dist: number }).dist) {
        best.push({ dist, label: y[r] as number });
        best.sort((a, c) => a.dist - c.dist);
        if (best.length > 5) best.pop();
      }
    }
    const votes = new Map<number, number>();
    for (const v of best) votes.set(v.label, (votes.get(v.label) ?? 0) + 1);
    return [...votes].sort((a, c) => c[1] - a[1])[0]?.[0] ?? -1;
  });
}
