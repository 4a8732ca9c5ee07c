/**
 * Separation metrics for membership inference: `scores` are higher for "member"; `members` says the truth.
 */
export function rocAuc(scores: readonly number[], members: readonly boolean[]): number {
  // Mann–Whitney U with ties counted half: the probability a random member outscores a random non-member.
  const pos = scores.filter((_, i) => members[i]);
  const neg = scores.filter((_, i) => !members[i]);
  if (pos.length === 0 || neg.length === 0) return Number.NaN;
  const all = scores.map((s, i) => ({ s, m: members[i] === true })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && (all[j] as { s: number }).s === (all[i] as { s: number }).s) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if ((all[k] as { m: boolean }).m) rankSum += avgRank;
    i = j;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

/** (TPR, FPR) at every threshold "score ≥ t means member", highest threshold first; empty when a class is missing. */
export function rocPoints(scores: readonly number[], members: readonly boolean[]): { tpr: number; fpr: number }[] {
  const nPos = members.filter(Boolean).length;
  const nNeg = members.length - nPos;
  if (nPos === 0 || nNeg === 0) return [];
  const order = scores.map((s, i) => ({ s, m: members[i] === true })).sort((a, b) => b.s - a.s);
  const points: { tpr: number; fpr: number }[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    // Tied scores move together: a threshold cannot separate them.
    while (j < order.length && (order[j] as { s: number }).s === (order[i] as { s: number }).s) {
      if ((order[j] as { m: boolean }).m) tp++;
      else fp++;
      j++;
    }
    points.push({ tpr: tp / nPos, fpr: fp / nNeg });
    i = j;
  }
  return points;
}

/**
 * The best true-positive rate whose false-positive rate stays at or below `maxFpr`, over all thresholds
 * "score ≥ t means member".
 */
export function tprAtFpr(scores: readonly number[], members: readonly boolean[], maxFpr: number): number {
  const points = rocPoints(scores, members);
  if (points.length === 0) return Number.NaN;
  return points.reduce((best, p) => (p.fpr <= maxFpr ? Math.max(best, p.tpr) : best), 0);
}

/** The best balanced accuracy over all thresholds; 0.5 is chance. */
export function bestBalancedAccuracy(scores: readonly number[], members: readonly boolean[]): number {
  const points = rocPoints(scores, members);
  if (points.length === 0) return Number.NaN;
  return points.reduce((best, p) => Math.max(best, (p.tpr + 1 - p.fpr) / 2), 0.5);
}
