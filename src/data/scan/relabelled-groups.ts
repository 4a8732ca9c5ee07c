import { nearestNeighbours } from '../../ml/knn.ts';
import type { Matrix } from '../../ml/matrix.ts';
import { scaledRows } from '../../ml/matrix.ts';

/**
 * A relabelled group: rows of one given label that form their own cluster, lie against another class and
 * apart from the rest of their label. Boundary flips (a class's edge relabelled as the nearest class) and
 * targeted flips make such groups; a model trained on the poisoned labels learns them (the flipped rows are a
 * coherent region), so confident learning on its probabilities misses most of them (recall ≤ 0.16 for
 * everyone on boundary flips). Leaving the group out of the vote is what exposes it.
 */
export interface RelabelledGroup {
  given: number;
  likely: number;
  /** Rows of the group whose neighbours outside it vote `likely`: the ones flagged. */
  rows: number[];
  /** Rows in the cluster, of the given label's rows. */
  size: number;
  classRows: number;
  /** Share of the cluster's rows voted `likely` by their neighbours outside the cluster. */
  agreement: number;
}

export interface GroupOptions {
  /** The smaller 2-means cluster must hold this share of its label's rows, and at most `maxShare`. */
  minShare: number;
  maxShare: number;
  /** Share of the cluster voted one other class for it to be a relabelled group. */
  minAgreement: number;
  /** Mean share of votes for the cluster's own label at most this (it lies apart from its label). */
  maxOwnVote: number;
  /**
   * Median, over the cluster, of (distance to its nearest rows outside) / (distance to its nearest rows inside)
   * at most this: a group cut from another class's cloud touches it (≈ 0.9–1.0 in the tuning runs), a genuine
   * sub-style of a class is a separate mode with a gap (the UCI digits' 1s drawn with a base beside the 2s:
   * 1.35–1.64).
   */
  maxGap: number;
  neighbours: number;
}

export const defaultGroupOptions: GroupOptions = { minShare: 0.05, maxShare: 0.45, minAgreement: 0.6, maxOwnVote: 0.25, maxGap: 1.15, neighbours: 10 };

/** Relabelled groups among `x`'s rows (already scaled), one candidate per label, strongest first. */
export function relabelledGroups(x: Matrix, y: Int32Array, k: number, options: GroupOptions = defaultGroupOptions): RelabelledGroup[] {
  const candidates: RelabelledGroup[] = [];
  for (let g = 0; g < k; g++) {
    const rows: number[] = [];
    y.forEach((c, i) => c === g && rows.push(i));
    if (rows.length < 20) continue;
    const inCluster = smallerCluster(x, rows);
    const cluster = rows.filter((_, i) => inCluster[i] === 1);
    if (cluster.length < options.minShare * rows.length || cluster.length > options.maxShare * rows.length) continue;
    const group = judgeCluster(x, y, k, g, cluster, rows.length, options);
    if (group) candidates.push(group);
  }
  // A group flipped from class S into g leaves S's remaining rows beside rows now labelled g: S's own cluster
  // then mirrors the true group. Keep the stronger of a mirrored pair.
  candidates.sort((a, b) => b.agreement - a.agreement);
  const kept: RelabelledGroup[] = [];
  for (const c of candidates) if (!kept.some((o) => o.given === c.likely && o.likely === c.given)) kept.push(c);
  return kept;
}

function judgeCluster(x: Matrix, y: Int32Array, k: number, g: number, cluster: number[], classRows: number, options: GroupOptions): RelabelledGroup | undefined {
  const member = new Uint8Array(x.rows);
  for (const r of cluster) member[r] = 1;
  const outside = Int32Array.from({ length: x.rows - cluster.length });
  let o = 0;
  for (let i = 0; i < x.rows; i++) if (member[i] === 0) outside[o++] = i;
  const queries = scaledRows(x, identity(x.cols), cluster);
  const out = nearestNeighbours(queries, scaledRows(x, identity(x.cols), outside), options.neighbours);
  const inside = nearestNeighbours(queries, queries, options.neighbours, true);
  const votes = new Float64Array(k);
  const voted = new Int32Array(cluster.length);
  const support = new Float64Array(k);
  let own = 0;
  const gaps: number[] = [];
  cluster.forEach((_, q) => {
    votes.fill(0);
    for (let p = 0; p < out.k; p++) votes[y[outside[out.index[q * out.k + p] as number] as number] as number]! += 1 / out.k;
    let best = g === 0 ? 1 : 0;
    for (let c = 0; c < k; c++) if (c !== g && (votes[c] as number) > (votes[best] as number)) best = c;
    voted[q] = (votes[best] as number) >= 0.5 ? best : -1;
    if (voted[q] >= 0) support[best]! += 1;
    own += votes[g] as number;
    gaps.push(meanOf(out.distance, q, out.k) / Math.max(1e-12, meanOf(inside.distance, q, inside.k)));
  });
  let likely = g === 0 ? 1 : 0;
  for (let c = 0; c < k; c++) if (c !== g && (support[c] as number) > (support[likely] as number)) likely = c;
  const agreement = (support[likely] as number) / cluster.length;
  gaps.sort((a, b) => a - b);
  const gap = gaps[gaps.length >> 1] as number;
  if (agreement < options.minAgreement || own / cluster.length > options.maxOwnVote || gap > options.maxGap) return undefined;
  return { given: g, likely, rows: cluster.filter((_, q) => voted[q] === likely), size: cluster.length, classRows, agreement };
}

/** 2-means (Lloyd) on the rows, seeded by the row farthest from their mean and the row farthest from it; 1 marks the smaller cluster. */
function smallerCluster(x: Matrix, rows: number[]): Uint8Array {
  const d = x.cols;
  const at = (r: number, c: number): number => x.data[r * d + c] as number;
  const mean = new Float64Array(d);
  for (const r of rows) for (let c = 0; c < d; c++) mean[c]! += at(r, c) / rows.length;
  const farthestFrom = (centre: ArrayLike<number>): number => {
    let best = rows[0] as number;
    let far = -1;
    for (const r of rows) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (at(r, c) - (centre[c] as number)) ** 2;
      if (s > far) [far, best] = [s, r];
    }
    return best;
  };
  const a = farthestFrom(mean);
  const b = farthestFrom(Float64Array.from({ length: d }, (_, c) => at(a, c)));
  const centres = [Float64Array.from({ length: d }, (_, c) => at(a, c)), Float64Array.from({ length: d }, (_, c) => at(b, c))];
  const assign = new Uint8Array(rows.length);
  for (let iteration = 0; iteration < 30; iteration++) {
    const sums = [new Float64Array(d), new Float64Array(d)];
    const counts = [0, 0];
    let moved = false;
    rows.forEach((r, i) => {
      let d0 = 0;
      let d1 = 0;
      for (let c = 0; c < d; c++) {
        d0 += (at(r, c) - (centres[0]![c] as number)) ** 2;
        d1 += (at(r, c) - (centres[1]![c] as number)) ** 2;
      }
      const to = d0 <= d1 ? 0 : 1;
      if (to !== assign[i]) moved = true;
      assign[i] = to;
      counts[to]!++;
      for (let c = 0; c < d; c++) sums[to]![c]! += at(r, c);
    });
    if (counts[0] === 0 || counts[1] === 0) return new Uint8Array(rows.length);
    for (const t of [0, 1]) centres[t] = sums[t]!.map((s) => s / (counts[t] as number));
    if (!moved && iteration > 0) break;
  }
  const ones = assign.reduce((s, v) => s + v, 0);
  return ones <= rows.length - ones ? assign : assign.map((v) => 1 - v);
}

function meanOf(values: Float32Array, q: number, k: number): number {
  let s = 0;
  for (let p = 0; p < k; p++) s += values[q * k + p] as number;
  return s / k;
}

/** The scan's matrix is already scaled: copy rows without changing them. */
function identity(cols: number): { mean: Float64Array; inv: Float64Array } {
  return { mean: new Float64Array(cols), inv: new Float64Array(cols).fill(1) };
}
