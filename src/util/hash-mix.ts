/**
 * MurmurHash3's 32-bit finaliser: spreads every input bit over the whole word, so nearby inputs give unrelated
 * hashes. Used where a fast non-cryptographic hash is enough (row hashes, query fingerprints).
 */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
