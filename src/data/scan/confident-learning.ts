/**
 * Confident learning (Northcutt, Jiang & Chuang, "Confident Learning: Estimating Uncertainty in Dataset
 * Labels", JAIR 2021) on out-of-fold predicted probabilities: per-class thresholds, the confident joint of
 * given and likely-true labels, calibrated to the class counts, then pruning by noise rate.
 */
export interface ConfidentLearning {
  /** Rows whose given label is likely wrong. */
  issues: number[];
  /** Per row: the likely true class (argmax among classes above their threshold), −1 when none is. */
  likely: Int32Array;
  /** Calibrated confident joint, `given × true`, summing to the row count. */
  joint: Float64Array;
  /** Share of rows whose label the joint estimates to be wrong (off-diagonal mass / rows). */
  noiseRate: number;
}

export function confidentLearning(probs: Float64Array, labels: Int32Array, classes: number): ConfidentLearning {
  const n = labels.length;
  const k = classes;
  const thresholds = new Float64Array(k);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const g = labels[i] as number;
    thresholds[g] = (thresholds[g] as number) + (probs[i * k + g] as number);
    counts[g] = (counts[g] as number) + 1;
  }
  for (let c = 0; c < k; c++) thresholds[c] = (counts[c] as number) > 0 ? (thresholds[c] as number) / (counts[c] as number) : 1;
  // Counting: each row goes to the cell (given, most probable class among those above their threshold).
  const raw = new Float64Array(k * k);
  const likely = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let best = -1;
    for (let c = 0; c < k; c++) {
      const p = probs[i * k + c] as number;
      if (p >= (thresholds[c] as number) - 1e-12 && (best === -1 || p > (probs[i * k + best] as number))) best = c;
    }
    likely[i] = best;
    if (best >= 0) raw[(labels[i] as number) * k + best] = (raw[(labels[i] as number) * k + best] as number) + 1;
  }
  // Calibration: each given-label row of the joint sums to that label's count, the whole to n.
  const joint = new Float64Array(k * k);
  for (let g = 0; g < k; g++) {
    let rowSum = 0;
    for (let t = 0; t < k; t++) rowSum += raw[g * k + t] as number;
    for (let t = 0; t < k; t++) joint[g * k + t] = rowSum > 0 ? ((raw[g * k + t] as number) / rowSum) * (counts[g] as number) : 0;
  }
  let off = 0;
  for (let g = 0; g < k; g++) for (let t = 0; t < k; t++) if (g !== t) off += joint[g * k + t] as number;
  return { issues: pruneByNoiseRate(probs, labels, k, joint), likely, joint, noiseRate: n > 0 ? off / n : 0 };
}

/** For each off-diagonal cell (given g, true t), the round(joint) rows labelled g with the largest p_t − p_g. */
function pruneByNoiseRate(probs: Float64Array, labels: Int32Array, k: number, joint: Float64Array): number[] {
  const byClass: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((g, i) => byClass[g]?.push(i));
  const flagged = new Set<number>();
  for (let g = 0; g < k; g++) {
    const rows = byClass[g] as number[];
    for (let t = 0; t < k; t++) {
      if (t === g) continue;
      const take = Math.min(Math.round(joint[g * k + t] as number), rows.length - 1);
      if (take <= 0) continue;
      const margins = Float64Array.from(rows, (i) => (probs[i * k + g] as number) - (probs[i * k + t] as number));
      const order = Uint32Array.from(rows, (_, j) => j).sort((a, b) => (margins[a] as number) - (margins[b] as number));
      for (let j = 0; j < take; j++) flagged.add(rows[order[j] as number] as number);
    }
  }
  // A row the model itself predicts as its given label is not an issue (as cleanlab does).
  return [...flagged].filter((i) => argmaxRow(probs, i, k) !== labels[i]).sort((a, b) => a - b);
}

/**
 * Prune by class (cleanlab's `prune_by_class`): for each given label g, the round(Σ_t≠g joint[g][t]) rows
 * labelled g with the largest margin max_t≠g p_t − p_g. Where noise is spread over many classes (uniform flips
 * of a few percent among ten classes: under one row per cell), pruning by noise rate rounds most cells to 0 or
 * 1 and leaves flips untaken; a given label's off-diagonal total is estimated from all its cells together.
 * Rows predicted as their given label are kept, as in `pruneByNoiseRate`.
 */
export function pruneByClass(probs: Float64Array, labels: Int32Array, k: number, joint: Float64Array): number[] {
  const byClass: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((g, i) => byClass[g]?.push(i));
  const flagged: number[] = [];
  for (let g = 0; g < k; g++) {
    const rows = byClass[g] as number[];
    let off = 0;
    for (let t = 0; t < k; t++) if (t !== g) off += joint[g * k + t] as number;
    const take = Math.min(Math.round(off), rows.length - 1);
    if (take <= 0) continue;
    const margins = Float64Array.from(rows, (i) => {
      let other = 0;
      for (let t = 0; t < k; t++) if (t !== g) other = Math.max(other, probs[i * k + t] as number);
      return other - (probs[i * k + g] as number);
    });
    const order = Uint32Array.from(rows, (_, j) => j).sort((a, b) => (margins[b] as number) - (margins[a] as number));
    for (let j = 0; j < take; j++) flagged.push(rows[order[j] as number] as number);
  }
  return flagged.filter((i) => argmaxRow(probs, i, k) !== labels[i]).sort((a, b) => a - b);
}

/**
 * Structured noise: in an off-diagonal cell (given g, true t) holding at least `minShare` of class g's rows
 * (and 10 rows), a model trained on the noisy labels has learnt part of the flip, so the per-class threshold
 * (the mean self-confidence of g, itself lowered by the flipped rows) leaves about half of them uncounted and
 * the calibrated cell undercounts. There every row labelled g that the models predict as t is an issue. On
 * clean or uniformly noisy data no cell is that large and nothing is added.
 */
export function concentratedCellIssues(probs: Float64Array, labels: Int32Array, k: number, joint: Float64Array, minShare = 0.05): number[] {
  const counts = new Float64Array(k);
  for (const g of labels) counts[g] = (counts[g] as number) + 1;
  const out: number[] = [];
  labels.forEach((g, i) => {
    const t = argmaxRow(probs, i, k);
    if (t !== g && (joint[g * k + t] as number) >= Math.max(10, minShare * (counts[g] as number))) out.push(i);
  });
  return out;
}

export function argmaxRow(probs: Float64Array, i: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if ((probs[i * k + c] as number) > (probs[i * k + best] as number)) best = c;
  return best;
}
