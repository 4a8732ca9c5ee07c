import type { FeatureScale } from '../../../monitor/numeric/vector.ts';

/**
 * Blacklight's fingerprint (Li et al., USENIX Security 2022): quantise every feature into `levels` steps of
 * its range, hash every window of `window` consecutive quantised features, and keep the `top` smallest
 * distinct hashes. Two queries that share many of them are near-duplicates. Blacklight uses SHA-256 with a
 * secret salt; a salted 32-bit FNV-1a does the same job here at a fraction of the cost (collisions only add
 * matches a handful of times in 2³² per pair). The salt keeps an attacker from predicting the hashes.
 */
export function fingerprint(x: Float64Array, scale: FeatureScale, levels: number, window: number, top: number, salt: number): Uint32Array {
  const n = x.length;
  const q = new Int32Array(n);
  for (let i = 0; i < n; i++) q[i] = Math.floor((((x[i] as number) - scale.low(i)) / scale.width(i)) * levels);
  const w = Math.min(window, n);
  const count = n - w + 1;
  const hashes = new Uint32Array(count);
  for (let start = 0; start < count; start++) {
    let h = (2166136261 ^ salt) >>> 0;
    for (let i = start; i < start + w; i++) {
      h ^= (q[i] as number) & 0xff;
      h = Math.imul(h, 16777619);
      h ^= ((q[i] as number) >>> 8) & 0xff;
      h = Math.imul(h, 16777619);
    }
    hashes[start] = h >>> 0;
  }
  hashes.sort();
  const out: number[] = [];
  for (let i = 0; i < hashes.length && out.length < top; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) out.push(hashes[i] as number);
  return Uint32Array.from(out);
}

/** One hash of the whole quantised-free input: an exact repeat (a retry) is not a search. */
export function exactHash(x: Float64Array): number {
  let h = 2166136261;
  const view = new Uint32Array(x.buffer, x.byteOffset, x.length * 2);
  for (let i = 0; i < view.length; i++) {
    h ^= view[i] as number;
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
