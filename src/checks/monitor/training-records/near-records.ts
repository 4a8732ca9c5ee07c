import { xorshift32 } from '../../../monitor/numeric/xorshift.ts';
/**
 * What "near a training record" means in this traffic: a query whose distance to the nearest training record is
 * below the `share` quantile of the distances of the queries admitted (a reservoir of `SIZE`), so that by
 * construction about `share` of ordinary queries are near. The detector admits each client's first queries only:
 * an attacker sending thousands would otherwise be the norm. A membership attacker who noises each candidate record past a
 * fingerprint's cell still sends members far nearer their records than fresh data lies to any (noise of 10% of
 * each feature's range, on digits: a median 0.65 against fresh data's 5% quantile of 0.71).
 */
const SIZE = 2048;
/** Re-sorting the reservoir every this many queries keeps the quantile current at a sort's cost per 256 queries. */
const REFRESH = 256;
/** Distances are measured out to this multiple of the threshold; farther ones count as Infinity. */
const REACH = 2;

export class NearThreshold {
  private readonly reservoir = new Float64Array(SIZE);
  private readonly sorted = new Float64Array(SIZE);
  private filled = 0;
  private seen = 0;
  private random = 0x2545f491;
  /** The current threshold (Infinity-free): undefined until `warmup` distances are in. */
  threshold: number | undefined;

  constructor(
    readonly share: number,
    private readonly warmup: number,
  ) {}

  /** Whether a query's distance is near (below the threshold as it stands); `admit` takes it into the norm. */
  observe(distance: number, admit: boolean): boolean {
    const near = this.threshold !== undefined && distance < this.threshold;
    if (!admit) return near;
    this.seen++;
    if (this.filled < SIZE) this.reservoir[this.filled++] = distance;
    else {
      const slot = this.next() % this.seen;
      if (slot < SIZE) this.reservoir[slot] = distance;
    }
    if (this.filled >= this.warmup && (this.threshold === undefined || this.seen % REFRESH === 0)) this.refresh();
    return near;
  }

  /**
   * How far a query's nearest record must be searched: distances past it are only known to be farther (Infinity),
   * which changes no quantile below it. Until a threshold exists, everywhere.
   */
  get reach(): number {
    return this.threshold === undefined ? Infinity : REACH * this.threshold;
  }

  private refresh(): void {
    const view = this.sorted.subarray(0, this.filled);
    view.set(this.reservoir.subarray(0, this.filled));
    view.sort();
    const quantile = view[Math.floor(this.share * (this.filled - 1))] as number;
    // A quantile among the distances past the reach (the norm moved out): widen by the reach, and again if need be.
    this.threshold = Number.isFinite(quantile) ? quantile : this.reach;
  }

  /** xorshift32: the same log gives the same thresholds. */
  private next(): number {
    this.random = xorshift32(this.random);
    return this.random;
  }
}
