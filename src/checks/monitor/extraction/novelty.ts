import type { RankReference, RankRing } from './rank-cusum.ts';

/**
 * How unlike the population's inputs a query is (issue #13, Copycat and KnockoffNets caught late). Those tools query
 * with natural images of *another* distribution — photographs at a digits model, here strokes, rings and digits
 * written differently (`third-party/transfer-set.ts`) — because the victim's own data is what the attacker lacks.
 * Detecting model stealing by such out-of-distribution queries is published (Kariyappa & Qureshi, "Defending
 * Against Model Stealing Attacks with Adaptive Misinformation", CVPR 2020; Pal et al., VarDetect, 2021); ours is
 * the simplest score that separates them here: the distance from the mean of the warm-up's inputs.
 *
 * The mean takes at most `PER_CLIENT` inputs of each client of the warm-up, so that an extraction running as the log
 * starts cannot make its own images the centre (KnockoffNets sent 143 of the first 200 events on third-party seed
 * 521, Copycat 109 on 502). The detector ranks each distance among the population's (`rank-cusum.ts`), so only the
 * order of distances matters, not their scale.
 */
const PER_CLIENT = 20;

export class InputNovelty {
  private sum = new Float64Array(0);
  private count = 0;
  private readonly taken = new Map<string, number>();
  private mean: Float64Array | undefined;

  /** An input of the warm-up (before `settle`). */
  observe(client: string, x: Float64Array): void {
    if (this.mean) return;
    const n = this.taken.get(client) ?? 0;
    if (n >= PER_CLIENT) return;
    this.taken.set(client, n + 1);
    if (this.count === 0) this.sum = new Float64Array(x.length);
    if (x.length !== this.sum.length) return;
    for (let i = 0; i < x.length; i++) this.sum[i] = (this.sum[i] as number) + (x[i] as number);
    this.count++;
  }

  /** Ends the warm-up: the mean is fixed from here on, so a later client cannot move it. */
  settle(): void {
    if (this.mean || this.count === 0) return;
    this.mean = Float64Array.from(this.sum, (v) => v / this.count);
    this.taken.clear();
  }

  /** The L2 distance from the warm-up's mean; undefined before `settle` or for an input of another size. */
  distance(x: Float64Array): number | undefined {
    const mean = this.mean;
    if (!mean || x.length !== mean.length) return undefined;
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const d = (x[i] as number) - (mean[i] as number);
      s += d * d;
    }
    return Math.sqrt(s);
  }
}

/**
 * The warm-up's inputs' distances once its mean is fixed, in log order, each into its client's ring and the population's
 * reference, as if measured when they came. A tool at machine speed that starts in the warm-up was otherwise ranked only
 * from its first query after it, against a reference the few other clients filled too slowly to be ready (Copycat on
 * held-out digits seed 1303: 40 queries in the warm-up, then 300 with hardly another client's between; caught at 205 by
 * the margin test instead of by novelty).
 */
export function rankWarmup(novelty: InputNovelty, inputs: readonly Float64Array[], rings: readonly RankRing[], reference: RankReference): void {
  inputs.forEach((x, i) => {
    const far = novelty.distance(x);
    const ring = rings[i];
    if (far === undefined || !ring) return;
    ring.push(-far);
    reference.add(-far, ring.answers);
  });
}
