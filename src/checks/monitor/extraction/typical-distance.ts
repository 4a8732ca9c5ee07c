/**
 * What "far apart" means for this model's inputs, measured so that no one client sets it (issue #13, rescanning
 * clients flagged). The shared warm-up (`FeatureScale.typical`) is the median distance between consecutive inputs
 * of the log's first events, whoever sent them: when an evasion search is under way as the log starts, its probes
 * are most of those pairs (ART GeoDA sent 114 of the first 200 events on third-party seed 501, HopSkipJump 113 on
 * 507) and the "typical" distance came out 0.41 and 0.15 where natural digits are ~3 apart. Every cut in
 * typical distances then moved with it: a rescanned document's copies (~0.2 from their original) were no longer
 * near-copies, went into PRADA's distances, and four rescanning clients of four were flagged.
 *
 * Here only pairs of inputs from *different* clients count: each input is measured against the last input of the
 * client that sent before the current run began. A burst of probes is measured against another client's input, as
 * far from it as the data's inputs are from one another, however the burst's client queries. With fewer than
 * `MIN_PAIRS` such pairs (a log of one client) the caller falls back to the shared warm-up's figure.
 */
const MIN_PAIRS = 20;
const MAX_PAIRS = 1_000;

export class CrossClientDistance {
  /** The current run's client and its last input; the input the run is measured against, from the client before it. */
  private client: string | undefined;
  private last = new Float64Array(0);
  private other = new Float64Array(0);
  private hasOther = false;
  private readonly pairs: number[] = [];

  /** An input of the warm-up, in log order. */
  observe(client: string, x: Float64Array): void {
    if (this.client !== undefined && client !== this.client) {
      [this.other, this.last] = [this.last, this.other];
      this.hasOther = true;
    }
    this.client = client;
    if (this.hasOther && x.length === this.other.length && this.pairs.length < MAX_PAIRS) {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += ((x[i] as number) - (this.other[i] as number)) ** 2;
      this.pairs.push(Math.sqrt(s));
    }
    if (this.last.length !== x.length) this.last = new Float64Array(x.length);
    this.last.set(x);
  }

  /** The median of the pairs measured, or undefined when there were too few. */
  median(): number | undefined {
    if (this.pairs.length < MIN_PAIRS) return undefined;
    const sorted = [...this.pairs].sort((a, b) => a - b);
    const m = sorted[Math.floor(sorted.length / 2)] as number;
    return m > 0 ? m : undefined;
  }
}
