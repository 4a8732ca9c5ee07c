/** Marsaglia's xorshift32: the next state (never 0 from a non-zero one). Fixed sequences keep samples and thresholds reproducible. */
export function xorshift32(state: number): number {
  let r = state;
  r ^= r << 13;
  r ^= r >>> 17;
  r ^= r << 5;
  return r >>> 0;
}
