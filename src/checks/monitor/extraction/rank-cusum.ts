import { robustSpread } from '../../../monitor/stats/robust.ts';

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
/**
 * The population is known once this many clients have given this many values. 60, not 100, since searching clients
 * take theirs back (`withdraw`): a Copycat at machine speed early in the log (held-out colour seed 2502) ran its 500
 * queries while the natural clients had given 92 values, and was never ranked.
 */
const READY_CLIENTS = 3;
const READY_VALUES = 60;
const NO_VALUES: readonly number[] = [];

/** The population's values: each client's first answers', in a bounded uniform sample (Vitter's R), sorted for ranking. */
export class RankReference {
  private readonly sample = new Float64Array(SAMPLE);
  private count = 0;
  private seen = 0;
  private clients = 0;
  private state = 0x2545f491;
  private sorted = new Float64Array(0);
  /**
   * Where to search for a value: `bounds[b]` values of the snapshot have a bucket below b, a value's bucket being
   * ⌊(v − low) · scale⌋, monotone in v (each rounding is), so the first value ≥ v (or > v) lies between `bounds[b]` and
   * `bounds[b + 1]` for v in bucket b, a few values apart. The binary search over the whole snapshot went 11 levels
   * deep, most of them cold by the client's next test: 13% of the detector's lines outside the neighbour search, in a
   * profile (with detector.ts's rings, 0.969× its CPU). Empty when the snapshot's range is not finite and positive:
   * every search is then over the whole snapshot.
   */
  private bounds = new Uint16Array(0);
  private low = 0;
  private scale = 0;
  /** Whether the sample changed since the last snapshot (once every client's first answers are in, it rarely does). */
  private changed = false;
  /** Counts snapshots: a rank taken in an earlier one is taken again. */
  version = 0;

  /** Whose each value of the sample is (the client's ring), so that a client found searching can take its values back. */
  private readonly owners: (object | undefined)[] = new Array<object | undefined>(SAMPLE).fill(undefined);

  /** A client's value, if it is one of its first answers (`answers` counts them, this one included); `owner` is the client's ring. */
  add(value: number, answers: number, owner?: object): void {
    if (answers > PER_CLIENT) return;
    if (answers === 1) this.clients++;
    this.seen++;
    this.changed = true;
    if (this.count < SAMPLE) {
      this.owners[this.count] = owner;
      this.sample[this.count++] = value;
      return;
    }
    // xorshift32: deterministic, so a replayed log gives the same alerts.
    this.state ^= this.state << 13;
    this.state ^= this.state >>> 17;
    this.state ^= this.state << 5;
    const j = (this.state >>> 0) % this.seen;
    if (j < SAMPLE) {
      this.sample[j] = value;
      this.owners[j] = owner;
    }
  }

  /**
   * Takes back the values of `owner`, which gave `given` (its first answers, up to PER_CLIENT): a client found to be
   * searching (most of its queries near-copies of its own) is no natural client. A search's first answers sat among the
   * population's and moved the ranks: boundary searches from a noise start gave the farthest inputs of all, and an
   * extraction's far inputs ranked nearer the middle (held-out colour-32 seed 2501: the slow extraction was caught at
   * 89 with the searches' lines taken out of the log, missed with them in).
   */
  withdraw(owner: object, given: number): void {
    const taken = Math.min(given, PER_CLIENT);
    if (taken === 0) return;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.owners[i] === owner) continue;
      this.sample[kept] = this.sample[i] as number;
      this.owners[kept++] = this.owners[i];
    }
    for (let i = kept; i < this.count; i++) this.owners[i] = undefined;
    this.count = kept;
    this.seen -= taken;
    this.clients--;
    this.changed = true;
  }

  /** Takes a sorted snapshot of the sample to rank against (the detector calls it every few hundred events), once the population is known. */
  refresh(): void {
    if (!this.changed || this.clients < READY_CLIENTS || this.count < READY_VALUES) return;
    this.changed = false;
    if (this.sorted.length !== this.count) this.sorted = new Float64Array(this.count);
    this.sorted.set(this.sample.subarray(0, this.count));
    this.sorted.sort();
    this.index();
    this.mine.clear();
    // Only a reference that ranks a client against the others reads them (`own`): the margins' does not.
    for (let i = 0; this.othersOnly && i < this.count; i++) {
      const owner = this.owners[i];
      if (owner === undefined) continue;
      const values = this.mine.get(owner);
      if (values) values.push(this.sample[i] as number);
      else this.mine.set(owner, [this.sample[i] as number]);
    }
    this.version++;
  }

  /**
   * The steps of a tail CUSUM (`tailSteps`) whose cut is the snapshot's median plus `deviations` robust standard
   * deviations (`robustSpread`, as the population's δ is cut), a share `p0` of natural values being beyond it, against `p1`;
   * one object per snapshot. Undefined before the first snapshot. Unlike a quantile, the cut holds when a few clients'
   * values crowd the tail: attackers' first answers are in the reference too (each client's first 20), and on the
   * held-out colour victim four extractions' were more than 5% of it early in the log, so its 95th percentile lay
   * among their values and Copycat's inputs were rarely beyond it.
   */
  tail(deviations: number, p0: number, p1: number): TailSteps | undefined {
    const s = this.sorted;
    if (s.length === 0) return undefined;
    const known = this.steps;
    const of = this.stepsOf;
    if (known && this.stepsVersion === this.version && of[0] === deviations && of[1] === p0 && of[2] === p1) return known;
    const { median, sd } = robustSpread(s);
    this.steps = tailSteps(median + deviations * sd, p0, p1);
    this.stepsVersion = this.version;
    this.stepsOf = [deviations, p0, p1];
    return this.steps;
  }

  private steps: TailSteps | undefined;
  private stepsVersion = -1;
  private stepsOf: readonly number[] = [];

  /** Each owner's values in the snapshot (`refresh`). */
  private readonly mine = new Map<object, number[]>();

  /** The values `owner` gave that are in the snapshot, when the reference ranks a client against everyone else's (`rank`). */
  own(owner: object): readonly number[] {
    return this.othersOnly ? (this.mine.get(owner) ?? NO_VALUES) : NO_VALUES;
  }

  /**
   * `othersOnly`: a client is ranked against everyone else's values, not its own too; the input-novelty reference
   * does. Not the margins': there a client whose one class the model is unsure of (a one-class client of a 61%-accurate
   * colour model, held-out seed 2502) ranked lower against the others alone and was flagged.
   */
  constructor(private readonly othersOnly = false) {}

  get ready(): boolean {
    return this.sorted.length > 0;
  }

  /**
   * The mid-rank of `value` among the snapshot's: the share below it plus half the share equal to it; without `own`
   * (the client's values in the snapshot, `own()`), among everyone else's. A client ranked among its own first answers
   * was ranked partly against itself: an extraction at machine speed early in the log gave a sixth of the reference
   * (Copycat on 28×28 digits seed 2401, 20 of 120 values), and its far inputs ranked nearer the middle.
   */
  rank(value: number, own: readonly number[] = NO_VALUES): number {
    const s = this.sorted;
    const b = Math.floor((value - this.low) * this.scale);
    // Out of the buckets (NaN, the range's ends, no index): the whole snapshot.
    const inside = b >= 0 && b < this.bounds.length - 1;
    const lo = inside ? (this.bounds[b] as number) : 0;
    const hi = inside ? (this.bounds[b + 1] as number) : s.length;
    const below = firstAtLeast(s, value, false, lo, hi);
    // The second search only where the value is in the sample: a margin or a distance rarely is.
    const upTo = below < s.length && s[below] === value ? firstAtLeast(s, value, true, below, hi) : below;
    if (own.length === 0) return (below + 0.5 * (upTo - below)) / s.length;
    let ownBelow = 0;
    let ownEqual = 0;
    for (let i = 0; i < own.length; i++) {
      const v = own[i] as number;
      if (v < value) ownBelow++;
      else if (v === value) ownEqual++;
    }
    const others = s.length - own.length;
    return others > 0 ? (below - ownBelow + 0.5 * (upTo - below - ownEqual)) / others : 0.5;
  }

  /** The buckets of the snapshot (as many as its values, 1 to 2,048), each value counted into the one `rank` would look in. */
  private index(): void {
    const s = this.sorted;
    const n = s.length;
    this.low = s[0] as number;
    this.scale = n / ((s[n - 1] as number) - this.low);
    if (!Number.isFinite(this.low) || !Number.isFinite(this.scale) || !(this.scale > 0)) {
      this.bounds = new Uint16Array(0);
      return;
    }
    if (this.bounds.length !== n + 1) this.bounds = new Uint16Array(n + 1);
    const bounds = this.bounds;
    let i = 0;
    for (let b = 0; b <= n; b++) {
      // bounds[b]: values whose bucket is below b (the snapshot is sorted, and buckets grow with the value).
      while (i < n && Math.floor(((s[i] as number) - this.low) * this.scale) < b) i++;
      bounds[b] = i;
    }
  }
}

/** The first index whose value is ≥ v (or > v when `strict`), by binary search in [lo, hi) (hi when none is). */
function firstAtLeast(s: Float64Array, v: number, strict: boolean, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = s[mid] as number;
    if (x < v || (strict && x === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A CUSUM of values beyond a cut, for a test of how often a client's values land in the population's tail (Page's
 * binomial CUSUM, as the boundary test's): a value above `cut` adds `up`, any other adds `down` (negative).
 */
export interface TailSteps {
  cut: number;
  up: number;
  down: number;
}

/** The steps for a cut that a share `p0` of natural values lie beyond, against `p1`, the share to detect. */
export function tailSteps(cut: number, p0: number, p1: number): TailSteps {
  return { cut, up: Math.log(p1 / p0), down: Math.log((1 - p1) / (1 - p0)) };
}

/** A client's last answers' values, in a ring. */
export class RankRing {
  /**
   * Each answer's value and its rank side by side (value at 2i, rank at 2i + 1): a push writes one cache line of a
   * ring that is cold by the client's next query (a value and a flag in two arrays were two, 6% of the detector).
   */
  private readonly slots: Float64Array;
  private readonly size: number;
  private next = 0;
  length = 0;
  /** Answers with scores so far (what `RankReference.add` counts). */
  answers = 0;
  /** Ranks are taken once per snapshot, not per test: those of answers up to `rankedUpTo` are of this snapshot. */
  private rankedUpTo = 0;
  private rankedVersion = -1;
  private rankedReference: RankReference | undefined;
  /**
   * The CUSUM of the last `run` call, carried to its next: its value after answer `runEnd` (answers counted from 1),
   * the last answer after which it was 0, and what it ranked against. Once a run is 0 it is the same run whatever
   * answer it began at, so a test ten answers later steps over those ten, not the ring's hundred.
   */
  private runValue = 0;
  private runEnd = 0;
  private runZero = -1;
  private runVersion = -1;
  private runReference: RankReference | undefined;
  private runDrift = Number.NaN;
  private runTail: TailSteps | undefined;

  constructor(size: number) {
    this.size = size;
    this.slots = new Float64Array(2 * size);
  }

  push(value: number): void {
    this.answers++;
    this.slots[2 * this.next] = value;
    // Stored on every push, wrapping or not: a store first run at the ring's first wrap (a client's 100th answer)
    // threw away the compiled observe that inlines this, to be compiled again (V8 compiles only what has run).
    this.next = this.next + 1 === this.size ? 0 : this.next + 1;
    // Read before the choice, as the store above: a read of \`length\` first made in the choice's second arm (a client's
    // 101st answer) threw away the compiled observe.
    const length = this.length;
    const grown = length + 1;
    this.length = length < this.size ? grown : length;
  }

  /**
   * The CUSUM of 0.5 − rank − drift over the ring, oldest answer first, ranked against the population as it is known
   * now (so answers given before it was known count too): the same number, bit for bit, as running it over the whole
   * ring on every test. Page's step max(0, c + 0.5 − rank − drift) never decreases with c (each rounding is
   * monotone), so a run begun later is at most the earlier one's and meets it where that one is 0; from there the two
   * are the same numbers. While the last run was 0 at or after the ring's oldest answer, it is carried on over the
   * answers since; otherwise (or against another snapshot) it is run again.
   *
   * With `tail`, each answer steps by `tail.up` when its value is above `tail.cut` and by `tail.down` otherwise (a step
   * that never decreases with c either), in place of 0.5 − rank − drift: no rank is taken. The cut is the reference's
   * (`RankReference.tail`), so a run is carried only within one snapshot, as ranks are.
   */
  run(reference: RankReference, drift: number, tail?: TailSteps): number {
    if (!tail) this.rank(reference);
    const first = this.answers - this.length + 1;
    // Every comparison and read made on every call, carried or not: code first run when a client was tested twice
    // against one snapshot threw away the compiled function, to be compiled again.
    const sameVersion = this.runVersion === reference.version;
    const sameReference = this.runReference === reference;
    const sameDrift = this.runDrift === drift && this.runTail === tail;
    const since = this.runZero >= first - 1;
    const carried = sameVersion && sameReference && sameDrift && since;
    const runValue = this.runValue;
    const runZero = this.runZero;
    const runFrom = this.runEnd + 1;
    let cusum = carried ? runValue : 0;
    let zero = carried ? runZero : first - 1;
    const from = carried ? runFrom : first;
    const slots = this.slots;
    let slot = (from - 1) % this.size;
    for (let k = from; k <= this.answers; k++) {
      // Added in this order (c + 0.5, less the rank, less the drift): the property test holds the carried run to a whole run's bits.
      const next = tail ? cusum + ((slots[2 * slot] as number) > tail.cut ? tail.up : tail.down) : cusum + 0.5 - (slots[2 * slot + 1] as number) - drift;
      cusum = Math.max(0, next);
      if (cusum === 0) zero = k;
      if (++slot === this.size) slot = 0;
    }
    this.runValue = cusum;
    this.runEnd = this.answers;
    this.runZero = zero;
    this.runVersion = reference.version;
    this.runReference = reference;
    this.runDrift = drift;
    this.runTail = tail;
    return cusum;
  }

  /** How many of the ring's values lie above `cut`: what the tail test's alert reports. */
  countAbove(cut: number): number {
    let count = 0;
    for (let i = 0; i < this.length; i++) if ((this.slots[2 * i] as number) > cut) count++;
    return count;
  }

  /** The mean rank over the ring (0.5 when empty), oldest answer first: what the alert reports beside the CUSUM. */
  meanRank(reference: RankReference): number {
    this.rank(reference);
    const start = this.length < this.size ? 0 : this.next;
    let total = 0;
    for (let i = 0; i < this.length; i++) total += this.slots[2 * ((start + i) % this.size) + 1] as number;
    return this.length > 0 ? total / this.length : 0.5;
  }

  /** Ranks the answers in the ring not yet ranked in the reference's snapshot: all of them once it is a new one. */
  private rank(reference: RankReference): void {
    const first = this.answers - this.length + 1;
    // Both compared on every call (as in \`run\`).
    const sameVersion = this.rankedVersion === reference.version;
    const sameReference = this.rankedReference === reference;
    if (!(sameVersion && sameReference)) {
      this.rankedVersion = reference.version;
      this.rankedReference = reference;
      this.rankedUpTo = first - 1;
    }
    const slots = this.slots;
    const own = reference.own(this);
    let slot = (Math.max(first, this.rankedUpTo + 1) - 1) % this.size;
    for (let k = Math.max(first, this.rankedUpTo + 1); k <= this.answers; k++) {
      slots[2 * slot + 1] = reference.rank(slots[2 * slot] as number, own);
      if (++slot === this.size) slot = 0;
    }
    this.rankedUpTo = this.answers;
  }
}
