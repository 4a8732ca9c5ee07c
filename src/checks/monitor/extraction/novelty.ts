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
 *
 * `nearest` (tabular inputs, on the common scale): the distance to the nearest of those warm-up inputs that another
 * client sent, in place of the distance from their mean. A pump's 12 readings are correlated through a few causes
 * (load, speed, wear) and fall in separate modes (fast and slow pumps): the mean lies between the modes, and an
 * extractor's readings that break the correlations (each sensor drawn from another record) or leave the plant's
 * ranges lie about as far from it as natural ones do. Copycat's inputs ranked 0.59–0.66 by distance from the mean on
 * held-out sensors seed 1201, 0.69–0.75 by nearest distance (KnockoffNets' 0.68–0.81 and 0.82–0.86); a natural
 * client's ~0.5. The nearest-neighbour distance is the usual outlier score for such data. Another client's only: a
 * client's own warm-up inputs would be its nearest. With fewer than `MIN_OWNERS` clients in the warm-up the mean is
 * used (a log of one client has no other to compare with). An extractor holding a second key could seed the
 * warm-up with inputs near its later queries; the monitor's warm-up stage takes at most 25 inputs of a key.
 */
const PER_CLIENT = 20;
const MIN_OWNERS = 3;

export class InputNovelty {
  private sum = new Float64Array(0);
  private count = 0;
  private readonly taken = new Map<string, number>();
  private mean: Float64Array | undefined;
  /** The warm-up's inputs taken (`nearest`), one after another once settled, with the client of each as a number. */
  private readonly kept: { x: Float64Array; owner: number }[] = [];
  private points = new Float64Array(0);
  private owner = new Int32Array(0);
  private readonly owners = new Map<string, number>();

  constructor(private readonly nearest = false) {}

  /** Whether distances are to the nearest other client's input (`nearest`, with enough clients), not from the mean. */
  get byNearest(): boolean {
    return this.owner.length > 0;
  }

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
    if (!this.nearest) return;
    let owner = this.owners.get(client);
    if (owner === undefined) this.owners.set(client, (owner = this.owners.size));
    this.kept.push({ x: Float64Array.from(x), owner });
  }

  /** Ends the warm-up: the mean is fixed from here on, so a later client cannot move it. */
  settle(): void {
    if (this.mean || this.count === 0) return;
    this.mean = Float64Array.from(this.sum, (v) => v / this.count);
    this.taken.clear();
    if (this.owners.size >= MIN_OWNERS) {
      const d = this.mean.length;
      this.points = new Float64Array(this.kept.length * d);
      this.kept.forEach((k, i) => this.points.set(k.x, i * d));
      this.owner = Int32Array.from(this.kept, (k) => k.owner);
    }
    this.kept.length = 0;
  }

  /**
   * The L2 distance from the warm-up's mean, or (`byNearest`) to the nearest warm-up input of a client other than
   * `client`; undefined before `settle` or for an input of another size.
   */
  distance(x: Float64Array, client: string): number | undefined {
    const mean = this.mean;
    if (!mean || x.length !== mean.length) return undefined;
    if (this.owner.length > 0) return this.nearestOf(x, this.owners.get(client) ?? -1);
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const d = (x[i] as number) - (mean[i] as number);
      s += d * d;
    }
    return Math.sqrt(s);
  }

  /** The distance to the nearest kept input not of `own` (an owner's number, −1 for a client not in the warm-up). */
  private nearestOf(x: Float64Array, own: number): number {
    const d = x.length;
    const points = this.points;
    const owner = this.owner;
    let best = Infinity;
    for (let r = 0; r < owner.length; r++) {
      if (owner[r] === own) continue;
      const at = r * d;
      let s = 0;
      // Given up once past the best so far: most of the warm-up's inputs are far from any one query.
      for (let i = 0; i < d && s < best; i++) {
        const v = (x[i] as number) - (points[at + i] as number);
        s += v * v;
      }
      if (s < best) best = s;
    }
    return Math.sqrt(best);
  }
}

/**
 * The warm-up's inputs' distances once its mean is fixed, in log order, each into its client's ring and the population's
 * reference, as if measured when they came. A tool at machine speed that starts in the warm-up was otherwise ranked only
 * from its first query after it, against a reference the few other clients filled too slowly to be ready (Copycat on
 * held-out digits seed 1303: 40 queries in the warm-up, then 300 with hardly another client's between; caught at 205 by
 * the margin test instead of by novelty).
 */
export function rankWarmup(novelty: InputNovelty, inputs: readonly Float64Array[], clients: readonly string[], rings: readonly RankRing[], reference: RankReference): void {
  inputs.forEach((x, i) => {
    const far = novelty.distance(x, clients[i] as string);
    const ring = rings[i];
    if (far === undefined || !ring) return;
    ring.push(-far);
    reference.add(-far, ring.answers);
  });
}
