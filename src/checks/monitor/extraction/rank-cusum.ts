/**
 * A per-answer figure of a client ranked against the population's, and a CUSUM of low ranks (issue #13). Two tests
 * use it: answer margins (the extractor with a pool of natural inputs queries those its copy is least sure of, whose
 * answers have smaller top-two margins than a natural client's, though few below the boundary test's cut), and
 * input novelty (`novelty.ts`, negated so that an input far from everyone's ranks low). Each value is ranked in the
 * population's (its mid-rank, in [0, 1]: uniform for a client that asks what everyone asks); a CUSUM of
 * 0.5 − rank − drift over the client's last answers rises when the ranks stay low, and a natural client's drifts
 * back to 0.
 */

/** Answers each client gives to the population's sample: a client at machine speed does not outvote the others. */
const PER_CLIENT = 20;
const SAMPLE = 2048;
/** The population is known once this many clients have given this many values. */
const READY_CLIENTS = 3;
const READY_VALUES = 100;

/** The population's values: each client's first answers', in a bounded uniform sample (Vitter's R), sorted for ranking. */
export class RankReference {
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

  /** A client's value, if it is one of its first answers (`answers` counts them, this one included). */
  add(value: number, answers: number): void {
    if (answers > PER_CLIENT) return;
    if (answers === 1) this.clients++;
    this.seen++;
    this.changed = true;
    if (this.count < SAMPLE) {
      this.sample[this.count++] = value;
      return;
    }
    // xorshift32: deterministic, so a replayed log gives the same alerts.
    this.state ^= this.state << 13;
    this.state ^= this.state >>> 17;
    this.state ^= this.state << 5;
    const j = (this.state >>> 0) % this.seen;
    if (j < SAMPLE) this.sample[j] = value;
  }

  /** Takes a sorted snapshot of the sample to rank against (the detector calls it every few hundred events), once the population is known. */
  refresh(): void {
    if (!this.changed || this.clients < READY_CLIENTS || this.count < READY_VALUES) return;
    this.changed = false;
    if (this.sorted.length !== this.count) this.sorted = new Float64Array(this.count);
    this.sorted.set(this.sample.subarray(0, this.count));
    this.sorted.sort();
    this.version++;
  }

  get ready(): boolean {
    return this.sorted.length > 0;
  }

  /** The mid-rank of `value` among the snapshot's: the share below it plus half the share equal to it. */
  rank(value: number): number {
    const s = this.sorted;
    const below = firstAtLeast(s, value, false);
    const upTo = firstAtLeast(s, value, true);
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

/** A client's last answers' values, in a ring. */
export class RankRing {
  private readonly values: Float64Array;
  /** Each value's rank, and the snapshot it was taken in (0: none yet): ranks are taken once per snapshot, not per test. */
  private readonly ranks: Float64Array;
  private readonly rankedIn: Int32Array;
  private next = 0;
  length = 0;
  /** Answers with scores so far (what `RankReference.add` counts). */
  answers = 0;

  constructor(size: number) {
    this.values = new Float64Array(size);
    this.ranks = new Float64Array(size);
    this.rankedIn = new Int32Array(size);
  }

  push(value: number): void {
    this.answers++;
    this.values[this.next] = value;
    this.rankedIn[this.next] = 0;
    this.next = (this.next + 1) % this.values.length;
    if (this.length < this.values.length) this.length++;
  }

  /**
   * The CUSUM of 0.5 − rank − drift over the ring, oldest answer first, and the ranks' mean. Ranked against the
   * population as it is known now, so answers given before it was known count too.
   */
  cusum(reference: RankReference, drift: number): { cusum: number; meanRank: number } {
    const size = this.values.length;
    const start = this.length < size ? 0 : this.next;
    let cusum = 0;
    let total = 0;
    for (let i = 0; i < this.length; i++) {
      const slot = (start + i) % size;
      if (this.rankedIn[slot] !== reference.version) {
        this.ranks[slot] = reference.rank(this.values[slot] as number);
        this.rankedIn[slot] = reference.version;
      }
      const rank = this.ranks[slot] as number;
      total += rank;
      cusum = Math.max(0, cusum + 0.5 - rank - drift);
    }
    return { cusum, meanRank: this.length > 0 ? total / this.length : 0.5 };
  }
}
