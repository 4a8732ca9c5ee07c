/**
 * How widely a client's inputs spread in the warm-up's principal directions: the trace of their covariance there (the
 * mean squared distance of the projections from their own mean), from running sums in k + 2 numbers — the k
 * coordinates' sums, the sum of squared lengths, the count.
 *
 * A client asking about one class of a weak model (a branch that only handles one kind of photograph) gets answers
 * of several labels, so the one-label rule does not excuse it, and the model is unsure of many of them, so its margins
 * rank low among everyone's: the margin-rank test flagged one such client on three of eight held-out colour logs. Its
 * inputs are narrow, though: 0.32–0.48 of the population's spread where those three were flagged, natural clients
 * 0.61–1.32, and Copycat, KnockoffNets and the slow extraction 1.02–1.86 (a transfer set spans many kinds of image).
 * An extraction needs the whole of the input space the model answers about; the pool extractor, which picks natural
 * inputs where the model is least sure, spread 0.89–0.93 (8×8 digits, issue #13, sixteenth and seventeenth sessions).
 */
/** A client's new inputs before its spread is judged narrow or not. */
export const NARROW_AFTER = 20;
/** Of each client's warm-up inputs, the first this many make the population's spread (as they make the novelty test's centre). */
export const SPREAD_PER_CLIENT = 20;
/** A client's sums before the first projection (no spread yet). */
export const NO_SPREAD = new Float64Array(0);

export function spreadSums(k: number): Float64Array {
  return new Float64Array(k + 2);
}

/** Adds a projection (k coordinates; one that is not a finite number is left out). */
export function addToSpread(sums: Float64Array, px: Float64Array): void {
  const k = sums.length - 2;
  let squared = 0;
  for (let j = 0; j < k; j++) squared += (px[j] as number) * (px[j] as number);
  if (!Number.isFinite(squared)) return;
  for (let j = 0; j < k; j++) sums[j] = (sums[j] as number) + (px[j] as number);
  sums[k] = (sums[k] as number) + squared;
  sums[k + 1] = (sums[k + 1] as number) + 1;
}

/** Projections added so far. */
export function spreadCount(sums: Float64Array): number {
  return sums[sums.length - 1] as number;
}

/** The mean squared distance of the projections added from their mean (0 for none). */
export function spreadOf(sums: Float64Array): number {
  const k = sums.length - 2;
  const n = sums[k + 1] as number;
  if (n === 0) return 0;
  let centre = 0;
  for (let j = 0; j < k; j++) centre += ((sums[j] as number) / n) ** 2;
  return Math.max(0, (sums[k] as number) / n - centre);
}

/**
 * The spread of a population's inputs, projected by `project` (undefined: left out), taking at most `perClient` of
 * each client's (in order), so that none dominates it; only those taken are projected.
 */
export function populationSpread(inputs: readonly Float64Array[], clients: readonly string[], perClient: number, project: (x: Float64Array) => Float64Array | undefined): number {
  const taken = new Map<string, number>();
  let sums: Float64Array | undefined;
  inputs.forEach((x, i) => {
    const client = clients[i] as string;
    const n = taken.get(client) ?? 0;
    if (n >= perClient) return;
    const p = project(x);
    if (!p) return;
    taken.set(client, n + 1);
    sums ??= spreadSums(p.length);
    if (p.length === sums.length - 2) addToSpread(sums, p);
  });
  return sums && spreadCount(sums) > 1 ? spreadOf(sums) : 0;
}
