import type { Projection } from '../../../monitor/numeric/projection.ts';
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
  /** Each kept input's projection (k numbers, `projection.k`), when settled with one: a lower bound of distances. */
  private projected = new Float64Array(0);
  private projection: Projection | undefined;
  private owner = new Int32Array(0);
  private readonly owners = new Map<string, number>();
  /** Measuring from the mean, with a projection: the principal directions and the mean's coordinates on them (`residual`). */
  private subspace: Projection | undefined;
  private centre = new Float64Array(0);

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

  /**
   * Ends the warm-up: the mean is fixed from here on, so a later client cannot move it. With a `projection` (onto the
   * warm-up's principal directions) the nearest search skips an input whose projected distance already exceeds the
   * best: the same nearest, with fewer of the kept inputs measured.
   */
  settle(projection?: Projection): void {
    if (this.mean || this.count === 0) return;
    this.mean = Float64Array.from(this.sum, (v) => v / this.count);
    this.taken.clear();
    if (this.owners.size >= MIN_OWNERS) {
      const d = this.mean.length;
      const kept = this.kept;
      const k = projection?.dimension === d ? projection.k : 0;
      const coordinates = kept.map((e) => (projection && k > 0 ? projection.project(e.x, new Float64Array(k)) : undefined));
      // With a projection, in the order of the first projected coordinate: `nearestOf` walks out from x's.
      const order = kept.map((_, i) => i);
      if (k > 0) order.sort((i, j) => (coordinates[i]?.[0] as number) - (coordinates[j]?.[0] as number));
      this.projection = k > 0 ? projection : undefined;
      this.points = new Float64Array(kept.length * d);
      this.projected = new Float64Array(kept.length * k);
      this.owner = new Int32Array(kept.length);
      order.forEach((from, i) => {
        const e = kept[from] as { x: Float64Array; owner: number };
        this.points.set(e.x, i * d);
        this.owner[i] = e.owner;
        if (k > 0) this.projected.set(coordinates[from] as Float64Array, i * k);
      });
    }
    this.kept.length = 0;
    if (this.owner.length === 0 && projection?.dimension === this.mean.length && projection.k > 0) {
      this.subspace = projection;
      this.centre = projection.project(this.mean, new Float64Array(projection.k));
    }
  }

  /**
   * How far x lies off the warm-up's principal directions through its mean (the residual of a principal-component fit,
   * the Q statistic of process monitoring: Jackson & Mudholkar, 1979): √(‖x − m‖² − ‖P(x − m)‖²), from x's projection
   * `px`. Undefined before `settle`, when distances are to the nearest input (tabular), or without a projection.
   *
   * Natural images of one kind vary along a few directions (light, ground, the object's colour and place); an image of
   * another make — a drawing in random colours at a model of photographed scenes — has much of its departure from the
   * mean off them, though no farther from the mean itself: Copycat's and KnockoffNets' inputs on the held-out colour
   * victim ranked 0.75–0.80 by distance from the mean, and half of them lay farther off the directions than 95% of the
   * population's (natural clients' about 5%).
   *
   * `far`: x's distance from the mean when the caller has it (`distance`, measuring from the mean), which spares a pass.
   */
  residual(x: Float64Array, px: Float64Array | undefined, far?: number): number | undefined {
    const mean = this.mean;
    const centre = this.centre;
    if (!this.subspace || !mean || !px || x.length !== mean.length || px.length !== centre.length) return undefined;
    let s = far === undefined ? 0 : far * far;
    for (let i = 0; far === undefined && i < x.length; i++) {
      const d = (x[i] as number) - (mean[i] as number);
      s += d * d;
    }
    let along = 0;
    for (let j = 0; j < px.length; j++) {
      const d = (px[j] as number) - (centre[j] as number);
      along += d * d;
    }
    // The rows are orthonormal, so along ≤ s but for rounding.
    return Math.sqrt(Math.max(0, s - along));
  }

  /**
   * The L2 distance from the warm-up's mean, or (`byNearest`) to the nearest warm-up input of a client other than
   * `client`; undefined before `settle` or for an input of another size. `px`: x's projection by the projection
   * `settle` was given (`Projection.projectInput`, which remembers it for the next caller); without it every kept
   * input is measured.
   */
  distance(x: Float64Array, client: string, px?: Float64Array): number | undefined {
    const mean = this.mean;
    if (!mean || x.length !== mean.length) return undefined;
    if (this.owner.length > 0) return this.nearestOf(x, this.owners.get(client) ?? -1, this.projection && px?.length === this.projection.k ? px : undefined);
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const d = (x[i] as number) - (mean[i] as number);
      s += d * d;
    }
    return Math.sqrt(s);
  }

  /**
   * The distance to the nearest kept input not of `own` (an owner's number, −1 for a client not in the warm-up). With
   * `px`, the kept inputs are in the order of their first projected coordinate: the walk goes out both ways from x's,
   * each way stopping where that coordinate alone is past the best, and an input whose 8 coordinates are is not measured.
   */
  private nearestOf(x: Float64Array, own: number, px: Float64Array | undefined): number {
    if (!px) {
      let best = Infinity;
      for (let r = 0; r < this.owner.length; r++) best = this.closer(x, r, own, best);
      return Math.sqrt(best);
    }
    const projected = this.projected;
    const k = px.length;
    const n = this.owner.length;
    const first = px[0] as number;
    // The first kept input whose first coordinate is at least x's.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((projected[mid * k] as number) < first) lo = mid + 1;
      else hi = mid;
    }
    let best = Infinity;
    let up = lo;
    let down = lo - 1;
    while (up < n || down >= 0) {
      const gapUp = up < n ? (projected[up * k] as number) - first : Infinity;
      const gapDown = down >= 0 ? first - (projected[down * k] as number) : Infinity;
      const nearer = gapUp <= gapDown;
      const gap = nearer ? gapUp : gapDown;
      // Every input left either way has its first coordinate at least this far from x's.
      if (gap * gap > best * (1 + 1e-9) + 1e-12) break;
      const r = nearer ? up++ : down--;
      // The client's own inputs skipped before their bound is paid for.
      if (this.owner[r] === own) continue;
      let bound = 0;
      for (let j = 0, p = r * k; j < k; j++) {
        const v = (px[j] as number) - (projected[p + j] as number);
        bound += v * v;
      }
      // A bound's rounding may sit a hair above the true distance: ruled out only past the best by more than that.
      if (bound > best * (1 + 1e-9) + 1e-12) continue;
      best = this.closer(x, r, own, best);
    }
    return Math.sqrt(best);
  }

  /** `best`, or the squared distance to kept input r when it is nearer and not of `own`. */
  private closer(x: Float64Array, r: number, own: number, best: number): number {
    if (this.owner[r] === own) return best;
    const d = x.length;
    const points = this.points;
    const at = r * d;
    let s = 0;
    // Given up once past the best so far: most of the warm-up's inputs are far from any one query.
    for (let i = 0; i < d && s < best; i++) {
      const v = (x[i] as number) - (points[at + i] as number);
      s += v * v;
    }
    return s < best ? s : best;
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
    reference.add(-far, ring.answers, ring);
  });
}
