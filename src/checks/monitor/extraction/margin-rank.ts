/**
 * How near the decision boundary a client's answers sit, ranked against everyone's (issue #13, the extractor with a
 * pool of natural inputs). Such an extractor queries the pool's inputs its copy is least sure of: natural inputs
 * whose answers have smaller top-two margins than a natural client's, though few below the boundary test's cut.
 * Each answer's margin is ranked in the population's margins (its mid-rank, in [0, 1]: uniform for a client that
 * asks what everyone asks); a CUSUM of 0.5 − rank − drift over the client's last answers rises when the ranks stay
 * low, and a natural client's drifts back to 0.
 */

/** Answers each client gives to the population's sample: a client at machine speed does not outvote the others. */
const PER_CLIENT = 20;
const SAMPLE = 2048;
/** The population is known once this many clients have given this many margins. */
const READY_CLIENTS = 3;
const READY_MARGINS = 100;

/** The population's answer margins: each client's first answers, in a bounded uniform sample (Vitter's R), sorted for ranking. */
export class MarginReference {
  private readonly sample = new Float64Array(SAMPLE);
  private count = 0;
  private seen = 0;
  private clients = 0;
  private state = 0x2545f491;
  private sorted = new Float64Array(0);
  /** Whether the sample changed since the last snapshot (once every client's first answers are in, it rarely does). */
  private changed = false;
  /** Counts snapshots: a rank taken in an earlier one is taken again. */
  version = 0;

  /** A client's margin, if it is one of its first answers (`answers` counts them, this one included). */
  add(margin: number, answers: number): void {
    if (answers > PER_CLIENT) return;
    if (answers === 1) this.clients++;
    this.seen++;
    this.changed = true;
    if (this.count < SAMPLE) {
      this.sample[this.count++] = margin;
      return;
    }
    // xorshift32: deterministic, so a replayed log gives the same alerts.
    this.state ^= this.state << 13;
    this.state ^= this.state >>> 17;
    this.state ^= this.state << 5;
    const j = (this.state >>> 0) % this.seen;
    if (j < SAMPLE) this.sample[j] = margin;
  }

  /** Takes a sorted snapshot of the sample to rank against (the detector calls it every few hundred events), once the population is known. */
  refresh(): void {
    if (!this.changed || this.clients < READY_CLIENTS || this.count < READY_MARGINS) return;
    this.changed = false;
    if (this.sorted.length !== this.count) this.sorted = new Float64Array(this.count);
    this.sorted.set(this.sample.subarray(0, this.count));
    this.sorted.sort();
    this.version++;
  }

  get ready(): boolean {
    return this.sorted.length > 0;
  }

  /** The mid-rank of `margin` among the snapshot's: the share below it plus half the share equal to it. */
  rank(margin: number): number {
    const s = this.sorted;
    const below = firstAtLeast(s, margin, false);
    const upTo = firstAtLeast(s, margin, true);
    return (below + 0.5 * (upTo - below)) / s.length;
  }
}

/** The first index whose value is ≥ v (or > v when `strict`), by binary search. */
function firstAtLeast(s: Float64Array, v: number, strict: boolean): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = s[mid] as number;
    if (x < v || (strict && x === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A client's last answers' margins, in a ring. */
export class MarginRing {
  private readonly margins: Float64Array;
  /** Each margin's rank, and the snapshot it was taken in (0: none yet): ranks are taken once per snapshot, not per test. */
  private readonly ranks: Float64Array;
  private readonly rankedIn: Int32Array;
  private next = 0;
  length = 0;
  /** Answers with scores so far (what `MarginReference.add` counts). */
  answers = 0;

  constructor(size: number) {
    this.margins = new Float64Array(size);
    this.ranks = new Float64Array(size);
    this.rankedIn = new Int32Array(size);
  }

  push(margin: number): void {
    this.answers++;
    this.margins[this.next] = margin;
    this.rankedIn[this.next] = 0;
    this.next = (this.next + 1) % this.margins.length;
    if (this.length < this.margins.length) this.length++;
  }

  /**
   * The CUSUM of 0.5 − rank − drift over the ring, oldest answer first, and the ranks' mean. Ranked against the
   * population as it is known now, so answers given before it was known count too.
   */
  cusum(reference: MarginReference, drift: number): { cusum: number; meanRank: number } {
    const size = this.margins.length;
    const start = this.length < size ? 0 : this.next;
    let cusum = 0;
    let total = 0;
    for (let i = 0; i < this.length; i++) {
      const slot = (start + i) % size;
      if (this.rankedIn[slot] !== reference.version) {
        this.ranks[slot] = reference.rank(this.margins[slot] as number);
        this.rankedIn[slot] = reference.version;
      }
      const rank = this.ranks[slot] as number;
      total += rank;
      cusum = Math.max(0, cusum + 0.5 - rank - drift);
    }
    return { cusum, meanRank: this.length > 0 ? total / this.length : 0.5 };
  }
}
