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
  const n = prints.length;
  const client = numbered(clients, n);
  const input = numbered(Array.from({ length: n }, (_, i) => inputs[i] as number), n);
  // Pairs of different clients and inputs, by how many hashes they share.
  const counts: number[] = [0];
  let pairs = 0;
  const byHash = sharedByHash(prints);
  if (byHash) {
    // Only the pairs that share a hash (2,975 of 19,900 at the bench's warm-up); the others share none.
    for (const at of byHash.sharing) {
      const i = Math.floor(at / n);
      const j = at - i * n;
      if (client[i] === client[j] || input[i] === input[j]) continue;
      const c = byHash.table[at] as number;
      counts[c] = (counts[c] ?? 0) + 1;
      pairs++;
    }
    const apart = pairsApart(client, input);
    counts[0] = apart - pairs;
    pairs = apart;
  } else {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (client[i] === client[j] || input[i] === input[j]) continue;
        const c = sharedCount(prints[i] as Uint32Array, prints[j] as Uint32Array);
        counts[c] = (counts[c] ?? 0) + 1;
        pairs++;
      }
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

/** Each of the first n values as the order in which it first appears: equal values, equal numbers. */
function numbered<T>(values: readonly T[], n: number): Int32Array {
  const ids = new Map<T, number>();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as T;
    let id = ids.get(v);
    if (id === undefined) ids.set(v, (id = ids.size));
    out[i] = id;
  }
  return out;
}

/**
 * Pairs i < j of different clients and different inputs, counted by groups: all pairs, less those within a client and
 * those of one input, plus those both within a client and of one input (taken away twice).
 */
function pairsApart(client: Int32Array, input: Int32Array): number {
  const n = client.length;
  const within = (key: (i: number) => number): number => {
    const sizes = new Map<number, number>();
    let same = 0;
    // The k-th member of a group pairs with the k − 1 before it.
    for (let i = 0; i < n; i++) {
      const k = sizes.get(key(i)) ?? 0;
      same += k;
      sizes.set(key(i), k + 1);
    }
    return same;
  };
  return (n * (n - 1)) / 2 - within((i) => client[i] as number) - within((i) => input[i] as number) + within((i) => (client[i] as number) * n + (input[i] as number));
}

/** Prints beyond which `sharedByHash`'s n × n table (4 bytes a pair: 1 MB at 512) is not made. */
const BY_HASH_MAX = 512;

/**
 * Every pair's `sharedCount` at once, in a table (pair i < j at i × n + j), counted hash by hash: the prints holding each
 * hash are found by one native sort of (hash, print) keys, and each pair of them gets one; `sharing` lists the pairs
 * that share any. The work is the hashes the pairs share (0.23 a pair at the bench's warm-up) where merging every pair
 * read ~40 hashes a pair, and a loop over every pair, which `sharing` spares, is ~60–120 ns a pair there: 19,900 pairs,
 * once, so in V8's slowest tiers (naturalSharing ~9 → ~2 ms of CPU alone). Undefined, for merging pair by pair, when a
 * print is not strictly ascending (a repeated hash counts once here, as often as both hold it there) or there are more
 * than `BY_HASH_MAX` prints.
 */
export function sharedByHash(prints: readonly Uint32Array[]): { table: Int32Array; sharing: number[] } | undefined {
  const n = prints.length;
  if (n > BY_HASH_MAX) return undefined;
  let total = 0;
  for (const p of prints) total += p.length;
  // hash × n + print: exact below 2^53 (hashes are 32 bits, n at most 2^9), so the sort groups each hash's prints in order.
  const keys = new Float64Array(total);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const p = prints[i] as Uint32Array;
    for (let h = 0; h < p.length; h++) {
      if (h > 0 && (p[h] as number) <= (p[h - 1] as number)) return undefined;
      keys[k++] = (p[h] as number) * n + i;
    }
  }
  keys.sort();
  const who = new Int32Array(total);
  for (let t = 0; t < total; t++) who[t] = (keys[t] as number) % n;
  const table = new Int32Array(n * n);
  const sharing: number[] = [];
  for (let start = 0; start < total; ) {
    // hash × n, the same for each of the hash's keys.
    const hashed = (keys[start] as number) - (who[start] as number);
    let end = start + 1;
    while (end < total && (keys[end] as number) - (who[end] as number) === hashed) end++;
    for (let a = start; a < end - 1; a++) {
      const row = (who[a] as number) * n;
      for (let b = a + 1; b < end; b++) {
        const at = row + (who[b] as number);
        if ((table[at] = (table[at] as number) + 1) === 1) sharing.push(at);
      }
    }
    start = end;
  }
  return { table, sharing };
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
