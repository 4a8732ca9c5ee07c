import { PointSet } from '../numeric/nearest.ts';
import { Projection } from '../numeric/projection.ts';
import { xorshift32 } from '../numeric/xorshift.ts';

/** Records kept for distances at most: 64 features × 50,000 × 8 bytes = 26 MB; a larger set is sampled uniformly. */
export const MAX_NEIGHBOURS = 50_000;

/**
 * The training records themselves, for the distance from a query to the nearest of them (each feature in its
 * range in the training data, at least the median feature's range): a record sent with noise larger than a fingerprint's cell no longer
 * matches it, yet still lies far nearer a training record than fresh data does. Built only when the data is given
 * (`--training-data TRAIN.csv`, a review's training set): a fingerprint manifest holds no record to measure from.
 * Holds at most `capacity` records, a uniform sample (reservoir) of a larger set: a query near a record left out
 * of the sample is not seen as near, so the signal weakens in proportion, and the population's distances are
 * measured the same way.
 */
export class TrainingNeighbours {
  private readonly points: PointSet;
  private readonly inverse: Float64Array;
  private readonly scaled: Float64Array;
  private projection: Projection | undefined;
  private px = new Float64Array(0);
  private seen = 0;
  /** The first 1,000 records (scaled), whose principal directions bound the search. */
  private readonly sample: Float64Array[] = [];
  private random = 0x9e3779b9;

  constructor(
    ranges: ArrayLike<number>,
    readonly capacity = MAX_NEIGHBOURS,
  ) {
    this.points = new PointSet(capacity);
    // Each feature in its range, at least the median feature's: features of one unit (pixels) are measured in that
    // unit, so a border pixel that barely varies in training does not magnify noise on it; features of different
    // units (age, income) are each brought to their range.
    const sorted = Float64Array.from(ranges).sort();
    const floor = Math.max(sorted[Math.floor(sorted.length / 2)] ?? 1, Number.MIN_VALUE);
    this.inverse = Float64Array.from(ranges, (r) => 1 / Math.max(r, floor));
    this.scaled = new Float64Array(ranges.length);
  }

  get dimension(): number {
    return this.inverse.length;
  }

  get size(): number {
    return this.points.size;
  }

  /** Keep a record (a copy, scaled), or by chance one in place of another once full (Vitter's algorithm R). */
  add(x: ArrayLike<number>): void {
    this.seen++;
    if (this.sample.length < 1000) this.sample.push(Float64Array.from(this.scale(x)));
    let slot = this.points.size;
    if (slot >= this.capacity) {
      slot = this.next() % this.seen;
      if (slot >= this.capacity) return;
    }
    // Projected on first search; a projection once fitted is kept (any orthonormal rows keep the bound valid).
    this.points.set(slot, this.scale(x), undefined, undefined);
  }

  /**
   * Distance from x to the nearest kept record, each feature in its range (at least the median's), when it is at
   * most `within`; Infinity when farther, when none is kept or x has another length. A caller that needs to know
   * only whether a query is near lets the search's bounds rule out almost every record unmeasured.
   */
  distance(x: ArrayLike<number>, within = Infinity): number {
    if (x.length !== this.dimension || this.points.size === 0) return Infinity;
    this.projection ??= this.fit();
    const q = this.scale(x);
    const px = this.projection ? this.projection.project(q, this.px) : undefined;
    return Math.sqrt(this.points.nearest(q, this.projection, px, undefined, within * within).best);
  }

  /** The principal directions of the first records, for the search's lower bounds (the kept records are projected lazily). */
  private fit(): Projection | undefined {
    const projection = Projection.fit(this.sample);
    if (projection) this.px = new Float64Array(projection.k);
    return projection;
  }

  private scale(x: ArrayLike<number>): Float64Array {
    for (let j = 0; j < this.inverse.length; j++) this.scaled[j] = (x[j] as number) * (this.inverse[j] as number);
    return this.scaled;
  }

  /** xorshift32: a fixed sequence, so the same file keeps the same sample. */
  private next(): number {
    this.random = xorshift32(this.random);
    return this.random;
  }
}
