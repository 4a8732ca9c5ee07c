/**
 * How many fingerprint hashes natural inputs share. Blacklight's threshold (12 of 20 hashes) was set on images,
 * where a window of pixels is specific to one picture. On a dozen sensor readings quantised into 5 levels, two
 * natural inputs of different clients often share 6 of their 10 hashes: 8 of 40 benign clients of a held-out pump
 * model were flagged as searches (seed 1101). The warm-up's queries (every client's) say what natural sharing is:
 * a near-duplicate must share more than all but `share` of the pairs of different clients' queries do.
 *
 * `prints` are fingerprints in ascending order (as `fingerprint` writes them), `inputs` the inputs' exact hashes:
 * two clients sending the very same record (a popular input, the same test image) say nothing of how specific
 * the windows are, and are left out. Returns the smallest count t such that at most `share` of the other
 * cross-client pairs share t hashes or more (0 when there are no such pairs).
 */
export function naturalSharing(prints: readonly Uint32Array[], clients: readonly string[], inputs: ArrayLike<number>, share: number): number {
  const counts: number[] = [];
  let pairs = 0;
  for (let i = 0; i < prints.length; i++) {
    for (let j = i + 1; j < prints.length; j++) {
      if (clients[i] === clients[j] || inputs[i] === inputs[j]) continue;
      const shared = sharedCount(prints[i] as Uint32Array, prints[j] as Uint32Array);
      counts[shared] = (counts[shared] ?? 0) + 1;
      pairs++;
    }
  }
  if (pairs === 0) return 0;
  // From the most shared down: the first count whose tail (pairs sharing it or more) exceeds the allowed share is
  // the natural sharing; one more is where near-duplicates start.
  let tail = 0;
  for (let t = counts.length - 1; t >= 0; t--) {
    tail += counts[t] ?? 0;
    if (tail > share * pairs) return t + 1;
  }
  return 0;
}

/** Hashes two ascending fingerprints have in common. */
export function sharedCount(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}
