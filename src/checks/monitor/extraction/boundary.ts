/**
 * The boundary-seeking tests of monitor/extraction (see README.md): a client's share of answers on the decision
 * boundary against the population's, in a window (binomial z) and as a CUSUM.
 */

/** What the tests read of a client: its recent boundary flags, how many are 1s, and its CUSUM. */
export interface BoundaryState {
  boundary: { length: number };
  boundaryCount: number;
  cusum: number;
}

export interface BoundaryParams {
  lowMargin: number;
  boundaryZ: number;
  boundaryMinShare: number;
  boundaryCusum: number;
}

export function boundaryTest(s: BoundaryState, p0: number, params: BoundaryParams): { share: number; z: number; summary: string } | undefined {
  const n = s.boundary.length;
  if (n < 20) return undefined;
  const k = s.boundaryCount;
  const p = Math.min(Math.max(p0, 0.01), 0.5);
  const z = (k - n * p) / Math.sqrt(n * p * (1 - p));
  const share = k / n;
  if (z < params.boundaryZ || share < params.boundaryMinShare) return undefined;
  return { share, z, summary: `${Math.round(share * 100)}% of the last ${n} answers sat on the decision boundary (top-two margin < ${params.lowMargin}) against ${Math.round(p0 * 100)}% for the population (z ${z.toFixed(1)}): boundary-seeking queries of an extraction` };
}

/**
 * The windowed share waits until boundary answers fill most of the window, so natural seed queries sent first
 * (as our own extraction does) delay it by a window; a CUSUM forgets them at once. Each answer adds
 * log(p1/p0) when on the boundary and log((1−p1)/(1−p0)) otherwise, p0 the population's share and p1
 * `boundaryMinShare`; a natural client drifts down and stays near 0.
 */
export function cusumTest(s: BoundaryState, p0: number, params: BoundaryParams): { share: number; z: number; summary: string } | undefined {
  if (params.boundaryCusum <= 0 || s.cusum < params.boundaryCusum) return undefined;
  const n = s.boundary.length;
  const share = s.boundaryCount / n;
  const p = Math.min(Math.max(p0, 0.01), 0.5);
  const z = (s.boundaryCount - n * p) / Math.sqrt(n * p * (1 - p));
  return { share, z, summary: `boundary answers (top-two margin < ${params.lowMargin}) came in a run: a CUSUM of ${s.cusum.toFixed(1)} ≥ ${params.boundaryCusum} against ${Math.round(p0 * 100)}% for the population (${Math.round(share * 100)}% of the last ${n} answers): boundary-seeking queries of an extraction` };
}

export function cusumSteps(p0: number, minShare: number): { low: number; high: number } {
  const p = Math.min(Math.max(p0, 0.01), 0.5);
  const p1 = Math.max(minShare, 2 * p);
  return { low: Math.log(p1 / p), high: Math.log((1 - p1) / (1 - p)) };
}

/** An answer's top-two margin: how far its top score is above the next (small on the decision boundary). */
export function margin(scores: readonly number[]): number {
  let first = -Infinity;
  let second = -Infinity;
  // Indexed, no destructuring: the same comparisons; the swap through an array literal was 2% of the detector.
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i] as number;
    if (v > first) {
      second = first;
      first = v;
    } else if (v > second) second = v;
  }
  return first - second;
}
