/**
 * Whether each of a client's last `NEAR_DUP_WINDOW` PRADA distances was a near-duplicate (below `nearDuplicate` of
 * the typical distance), as bits of two small integers in the client's state, with the ring's position, length and
 * count of 1s beside them: the state's line is read by every event anyway, where a `Ring` of 0/1 numbers was an object,
 * an array and its elements, three lines that 199 other clients' events had evicted by this client's next.
 */
export const NEAR_DUP_WINDOW = 50;
/** Bits per integer: 25 keeps each a small integer (V8's 31-bit Smi), never a heap number. */
const HALF = 25;

export interface NearDupState {
  nearDupLow: number;
  nearDupHigh: number;
  /** The slot the next flag fills (0 to 49). */
  nearDupAt: number;
  /** Flags held (up to `NEAR_DUP_WINDOW`), and how many of them are 1. */
  nearDupLength: number;
  nearDupCount: number;
}

export function pushNearDup(s: NearDupState, dup: number): void {
  const at = s.nearDupAt;
  // One path for both integers, each read and stored on every push: the second integer's branch, first run at a
  // client's 26th distance, threw away the compiled measure that inlines this, to be compiled again.
  const high = at >= HALF;
  const low = s.nearDupLow;
  const upper = s.nearDupHigh;
  const past = at - HALF;
  const bit = high ? past : at;
  const word = high ? upper : low;
  // Slots not yet filled hold 0, so the bit leaving is 0 until the ring is full, as `Ring.push` gave undefined.
  s.nearDupCount += dup - ((word >>> bit) & 1);
  const updated = (word & ~(1 << bit)) | (dup << bit);
  s.nearDupLow = high ? low : updated;
  s.nearDupHigh = high ? updated : upper;
  s.nearDupAt = at + 1 === NEAR_DUP_WINDOW ? 0 : at + 1;
  if (s.nearDupLength < NEAR_DUP_WINDOW) s.nearDupLength++;
}

/** Most of the client's recent queries are near-duplicates of its own: an adversarial-example search. */
export function searching(s: NearDupState, abstainAbove: number): boolean {
  return s.nearDupLength >= 20 && s.nearDupCount / s.nearDupLength > abstainAbove;
}
