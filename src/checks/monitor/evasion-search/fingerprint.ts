import type { FeatureScale } from '../../../monitor/numeric/vector.ts';
import { mix32 } from '../../../util/hash-mix.ts';

/**
 * Blacklight's fingerprint (Li et al., USENIX Security 2022): quantise every feature into `levels` steps of
 * its range, hash every window of `window` consecutive quantised features, and keep the `top` smallest
 * distinct hashes. Two queries that share many of them are near-duplicates. Blacklight uses SHA-256 with a
 * secret salt; a salted, mixed 32-bit rolling hash does the same job here at a fraction of the cost (collisions only add
 * matches a handful of times in 2³² per pair). The salt keeps an attacker from predicting the hashes.
 * The hashes are written into `out` (of length `top`); returns how many there are (fewer with fewer windows).
 */
export function fingerprint(x: Float64Array, scale: FeatureScale, levels: number, window: number, salt: number, out: Uint32Array): number {
  return fingerprintOf(quantised(x, scale, levels), x.length, window, salt, out);
}

/**
 * `fingerprint` of an input whose first `n` features are quantised in `q` already (first-pass.ts does it). `n` and
 * `window` are whole numbers (the detector's are): the hash loop counts each window it makes into its bucket.
 */
export function fingerprintOf(q: Int32Array, n: number, window: number, salt: number, out: Uint32Array): number {
  const w = Math.min(window, n);
  const count = n - w + 1;
  // A polynomial rolling hash over the window (one multiply per feature, not one per feature per window), then
  // salted and mixed (murmur3's finaliser) so that the order of hashes reveals nothing of the values.
  const B = 0x01000193;
  let lead = 1;
  for (let i = 1; i < w; i++) lead = Math.imul(lead, B);
  let h = 0;
  for (let i = 0; i < w; i++) h = (Math.imul(h, B) + (q[i] as number)) | 0;
  if (all.length < count) all = new Uint32Array(count);
  // The whole buffer when it fits exactly (every query of a log of one width): a view per query is garbage.
  const hashes = all.length === count ? all : all.subarray(0, count);
  // Each hash counted in its bucket (`smallestDistinct`'s first pass) as it is made: one pass over them less. Only
  // when the buckets will be read: few windows (tabular inputs) go to the insertion, which needs no counts.
  const bucketed = count > out.length + INSERTED && out.length > 0;
  if (bucketed) starts.fill(0);
  for (let start = 0; ; start++) {
    // 30 bits: small integers to V8, so hash maps keyed by them allocate nothing.
    const v = mix32(h ^ salt) >>> 2;
    hashes[start] = v;
    if (bucketed) {
      const b = (v >>> HASH_SHIFT) + 1;
      starts[b] = (starts[b] as number) + 1;
    }
    if (start + 1 >= count) break;
    h = (Math.imul((h - Math.imul(q[start] as number, lead)) | 0, B) + (q[start + w] as number)) | 0;
  }
  return bucketed ? fromBuckets(hashes, out, HASH_SHIFT) : smallestDistinct(hashes, out, 30);
}

/** The bucket of a 30-bit hash: its top six bits. */
const HASH_SHIFT = 30 - 6;

/**
 * The smallest distinct values of `values`, ascending, written into `out` (as many as fit); returns how many: the
 * same numbers as sorting every value and keeping the first distinct ones. A counting sort on the top six of
 * their `bits` (all below 2^bits) puts them in 64 buckets, about one each for mixed hashes, in bucket order; the first
 * buckets are then sorted in place and read until `out` is full. An insertion into a sorted list of the
 * kept values took ~1.2 µs a query (57 hashes for 64 features, 20 kept), mostly shifting them; this ~0.4 on
 * synthetic hashes (0.7 a call on the bench's recorded ones: `fromBuckets`).
 */
export function smallestDistinct(values: Uint32Array, out: Uint32Array, bits = 32): number {
  const n = values.length;
  const top = out.length;
  if (n === 0 || top === 0) return 0;
  // Few more values than are kept (20 tabular features give 16 windows): the buckets' fixed cost is more than the
  // insertion's (500 against 280 ns a fingerprint at 20 features).
  if (n <= top + INSERTED) return insertSmallest(values, out);
  const shift = Math.max(0, bits - 6);
  starts.fill(0);
  for (let i = 0; i < n; i++) {
    const b = ((values[i] as number) >>> shift) + 1;
    starts[b] = (starts[b] as number) + 1;
  }
  return fromBuckets(values, out, shift);
}

/** Beyond `top` + this many values the buckets pay (below). */
const INSERTED = 16;

/** `smallestDistinct` of more than `out.length` + `INSERTED` values once `starts[b + 1]` counts those of bucket b (values >>> `shift`). */
function fromBuckets(values: Uint32Array, out: Uint32Array, shift: number): number {
  const n = values.length;
  const top = out.length;
  if (sorted.length < n) sorted = new Uint32Array(n);
  // starts[b] is where bucket b begins; next[b] where its next value goes.
  for (let b = 1; b <= BUCKETS; b++) {
    starts[b] = (starts[b] as number) + (starts[b - 1] as number);
    next[b - 1] = starts[b - 1] as number;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const b = v >>> shift;
    const at = next[b] as number;
    sorted[at] = v;
    next[b] = at + 1;
  }
  // `sorted` is in bucket order, so one insertion sort of its first values (to the end of the first bucket that brings
  // as many as are still wanted) moves a value only within its bucket, and seldom. Each bucket sorted and read by loops
  // of its own (a value or two: their trip counts mispredicted) took 850 ns a call on the bench's recorded hashes, this
  // 713. Repeats leave fewer distinct values than wanted now and then: the next buckets follow.
  let k = 0;
  let end = 0;
  let b = 1;
  while (k < top && end < n) {
    const want = end + (top - k);
    while ((starts[b] as number) < want && b < BUCKETS) b++;
    const to = starts[b] as number;
    for (let i = end + 1; i < to; i++) {
      const v = sorted[i] as number;
      let j = i;
      for (; j > end && (sorted[j - 1] as number) > v; j--) sorted[j] = sorted[j - 1] as number;
      sorted[j] = v;
    }
    for (let i = end; i < to && k < top; i++) {
      const v = sorted[i] as number;
      if (k === 0 || out[k - 1] !== v) out[k++] = v;
    }
    end = to;
  }
  return k;
}

/** The smallest distinct values by insertion into the sorted list of those kept (one comparison rejects most once it is full). */
function insertSmallest(values: Uint32Array, out: Uint32Array): number {
  const top = out.length;
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const full = k === top;
    if (full && v >= (out[k - 1] as number)) continue;
    // One walk down from the end shifts every larger kept value up by one (the largest falls off when full) …
    const end = full ? k - 1 : k;
    const dropped = out[end] as number;
    let at = end;
    for (; at > 0 && (out[at - 1] as number) > v; at--) out[at] = out[at - 1] as number;
    if (at > 0 && out[at - 1] === v) {
      // … and a value already kept is not kept twice: the walk is undone (rare: the same window twice in one query).
      for (let j = at; j < end; j++) out[j] = out[j + 1] as number;
      out[end] = dropped;
      continue;
    }
    out[at] = v;
    if (!full) k++;
  }
  return k;
}

const BUCKETS = 64;
const starts = new Int32Array(BUCKETS + 1);
const next = new Int32Array(BUCKETS);
let sorted = new Uint32Array(0);

let all = new Uint32Array(0);
let buffer = new Int32Array(0);
function quantised(x: Float64Array, scale: FeatureScale, levels: number): Int32Array {
  if (buffer.length < x.length) buffer = new Int32Array(x.length);
  const lo = scale.lows();
  const inv = scale.inverseWidths();
  for (let i = 0; i < x.length; i++) buffer[i] = quantise(x[i] as number, lo[i] as number, inv[i] as number, levels);
  return buffer;
}

/** A feature's step of `levels` in its range (`lo`, 1 / width). */
export function quantise(v: number, lo: number, inv: number, levels: number): number {
  return Math.floor((v - lo) * inv * levels);
}


/** One hash of the whole input (to a millionth): an exact repeat (a retry) is not a search. */
export function exactHash(x: Float64Array): number {
  let h = EXACT_SEED;
  for (let i = 0; i < x.length; i++) h = exactStep(h, x[i] as number);
  return exactFinish(h);
}

/** The hash's start, its step for one feature and its end, for a pass over the input that does more (first-pass.ts). */
export const EXACT_SEED = 2166136261 | 0;

export function exactStep(h: number, v: number): number {
  const high = (v * 1e-3) | 0;
  // Below a thousand (pixels, most features) the second step is a multiply alone, and two multiplies by the prime
  // are one by its square (mod 2³²): the same hash with half the chain of dependent multiplies.
  if (high === 0) return Math.imul(h ^ (v * 1e6) | 0, PRIME_SQUARED);
  return Math.imul(Math.imul(h ^ (v * 1e6) | 0, 16777619) ^ high, 16777619);
}

export function exactFinish(h: number): number {
  return mix32(h) >>> 2;
}

const PRIME_SQUARED = Math.imul(16777619, 16777619);
