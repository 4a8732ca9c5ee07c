/**
 * A client's inverted index of fingerprint hashes: for each hash, the recent queries (by sequence number) whose
 * fingerprints hold it. An open-addressing multimap in one typed array of (hash, holder) pairs: a lookup reads one
 * short run of contiguous memory, usually one cache line, instead of chasing a `Map` entry and a holder array per
 * hash, and adding a holder allocates nothing.
 *
 * Robin Hood order: along a run the entries' home slots never decrease, so a hash's holders (all of one home) sit
 * together and a walk stops at the first entry of a later home instead of at the end of the run. Half the lookups
 * are of a hash no recent query holds, and a hash held by 20 queries is a block every walk from an earlier home used
 * to cross: on the bench's 200k events (200 clients, 8×8 digits) a lookup reads 5.9 slots instead of 8.8, and the
 * index alone (its calls on those events replayed to two trees alternately, both orders) takes ~0.9 of the CPU.
 *
 * A query that leaves the client's history is forgotten lazily: its holders stay until a walk reuses their slot (a
 * stale slot of the hash's own home, or the first stale one an insertion's shift reaches), or until the table fills
 * and is rebuilt with the live holders only. Removing a leaving query's hashes one by one cost as many random reads
 * of the index as adding the new query's: each a cache miss once many clients' indexes outgrow the cache.
 *
 * Hashes are below 2³⁰ (fingerprint.ts), so 2³² − 1 marks an empty slot; a holder of 2³² − 1 marks a hash that
 * became too common to say anything, for good.
 */
const EMPTY = 0xffffffff;
/** The holder of a hash marked common (no sequence number reaches it, so it is never stale). */
const MARK = 0xffffffff;

/**
 * Slots of a tally's counts for a history of `history` queries: a power of two above it, so a holder's slot is
 * its sequence number masked (a division per holder counted was ~4% of the tally). The live holders and the
 * leaving query are `history` + 1 consecutive numbers at most, so no two of them share a slot.
 */
export function tallySlots(history: number): number {
  return 2 ** Math.ceil(Math.log2(history + 1));
}

export class HashIndex {
  /** Slot i is entries[2i] (the hash, EMPTY when free) and entries[2i + 1] (the holder, or MARK as unsigned). */
  private entries: Uint32Array;
  private mask: number;
  /** Slots in use, stale holders included. */
  private used = 0;

  constructor(capacity = 64) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(capacity, 8)));
    this.entries = new Uint32Array(size * 2).fill(EMPTY);
    this.mask = size - 1;
  }

  /** Where `warm` leaves what it read, so the reads are not optimised away. */
  private sink = 0;

  /**
   * Reads the home slot of every hash before any walk: independent loads the processor overlaps, so the walks
   * that follow find their runs in the cache instead of waiting for one cache miss after another. The slot 7 on is
   * read too: a walk reads ~6 slots from a home anywhere in its 8-slot cache line, so most cross into the next one.
   */
  warm(hashes: Uint32Array): void {
    const e = this.entries;
    const mask = this.mask;
    let s = 0;
    for (let i = 0; i < hashes.length; i++) {
      const home = (hashes[i] as number) & mask;
      s ^= (e[2 * home] as number) ^ (e[2 * ((home + 7) & mask)] as number);
    }
    this.sink = s;
  }

  /** Slots in use, stale holders included: memory follows it. */
  get size(): number {
    return this.used;
  }

  /** Bytes of the table. */
  get bytes(): number {
    return this.entries.byteLength;
  }

  /**
   * Counts the live holders of `hash` (sequence number ≥ `live`) in `counts[holder & (counts.length − 1)]` (its
   * length from `tallySlots`), then adds `seq` as one more holder, unless the hash is marked common: one
   * walk of the hash's run. `leaving` (the query leaving the history as `seq` arrives; −1 for none) is counted but
   * no longer holds: a hash with `common` other holders is marked common instead and its holders dropped, as it
   * is in too many of the client's queries to tell them apart. Returns the largest count, or `best` if none is larger.
   * The walk passes entries of earlier homes, reads those of the hash's home and stops at a later home or an empty slot.
   */
  tallyAndAdd(hash: number, seq: number, live: number, leaving: number, common: number, counts: Int32Array, best: number): number {
    const e = this.entries;
    const slots = counts.length - 1;
    const mask = this.mask;
    let held = 0;
    let reuse = -1;
    let i = hash & mask;
    let d = 0;
    for (let k = e[2 * i] as number; k !== EMPTY; k = e[2 * i] as number) {
      // The entry's distance from its home against ours: less, a later home (this hash's entries are all behind).
      const dk = (i - (k & mask)) & mask;
      if (dk < d) break;
      if (dk === d) {
        const q = e[2 * i + 1] as number;
        // Compared on every entry of the home, stale or not: a comparison first made at a client's first stale entry
        // (its 251st query, after the bench's 50,000th event) threw away the compiled function, to be compiled again.
        const open = reuse < 0;
        if (q < live) {
          if (open) reuse = i;
        } else if (k === hash) {
          if (q === MARK) return best;
          if (q !== leaving) held++;
          const slot = q & slots;
          const c = (counts[slot] as number) + 1;
          counts[slot] = c;
          if (c > best) best = c;
        }
      }
      i = (i + 1) & mask;
      d++;
    }
    if (held >= common) {
      while (this.removeAny(hash));
      this.insert(hash, MARK, live);
      return best;
    }
    // A stale slot of this home (whichever hash's) takes the new holder in place: the order holds. Through insertAt,
    // which stops at a stale slot at once and so stores there and nothing else: stores of their own, first made at a
    // client's 251st query, threw away the compiled function, to be compiled again.
    this.insertAt(reuse >= 0 ? reuse : i, hash, seq, live);
    return best;
  }

  /**
   * Puts (hash, holder) at `at` (after its home's entries), moving the entries from there to the first empty or stale
   * slot one place on: the order stays, and the stale slot (if one comes first) is reclaimed, as the old linear walk
   * reclaimed the first stale slot of its run. The shift moved 0.95 entries an insertion in the bench.
   */
  private insertAt(at: number, hash: number, holder: number, live: number): void {
    const e = this.entries;
    const mask = this.mask;
    let s = at;
    while (e[2 * s] !== EMPTY && (e[2 * s + 1] as number) >= live) s = (s + 1) & mask;
    const grew = e[2 * s] === EMPTY;
    for (let j = s; j !== at; ) {
      const p = (j - 1) & mask;
      e[2 * j] = e[2 * p] as number;
      e[2 * j + 1] = e[2 * p + 1] as number;
      j = p;
    }
    e[2 * at] = hash;
    e[2 * at + 1] = holder;
    if (grew && ++this.used * 10 > (e.length / 2) * 7) this.rebuild(live);
  }

  private removeAny(hash: number): boolean {
    const e = this.entries;
    const mask = this.mask;
    for (let i = hash & mask, d = 0, k = e[2 * i] as number; k !== EMPTY && ((i - (k & mask)) & mask) >= d; i = (i + 1) & mask, d++, k = e[2 * i] as number) {
      if (k === hash) {
        this.vacate(i);
        return true;
      }
    }
    return false;
  }

  /** Where (hash, holder) goes: after every entry of an earlier or the same home, before those of a later one. */
  private insert(hash: number, holder: number, live: number): void {
    const e = this.entries;
    const mask = this.mask;
    let i = hash & mask;
    for (let d = 0, k = e[2 * i] as number; k !== EMPTY && ((i - (k & mask)) & mask) >= d; i = (i + 1) & mask, d++, k = e[2 * i] as number);
    this.insertAt(i, hash, holder, live);
  }

  /** Empties slot `hole`, moving the entries after it that are not at their home one place back (order kept). */
  private vacate(hole: number): void {
    const e = this.entries;
    const mask = this.mask;
    for (let j = (hole + 1) & mask; ; j = (j + 1) & mask) {
      const k = e[2 * j] as number;
      if (k === EMPTY || (k & mask) === j) break;
      e[2 * hole] = k;
      e[2 * hole + 1] = e[2 * j + 1] as number;
      hole = j;
    }
    e[2 * hole] = EMPTY;
    this.used--;
  }

  /**
   * The live holders (and common marks) alone, in a table they fill to a quarter at most (smaller, when many hashes
   * were marked common since): room for the stale holders of many queries before the next rebuild, and no more.
   */
  private rebuild(live: number): void {
    const old = this.entries;
    let kept = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== EMPTY && (old[i + 1] as number) >= live) kept++;
    const size = 2 ** Math.ceil(Math.log2(Math.max(kept * 4, 16)));
    this.entries = new Uint32Array(size * 2).fill(EMPTY);
    this.mask = size - 1;
    this.used = 0;
    for (let j = 0; j < old.length; j += 2) {
      const hash = old[j] as number;
      if (hash === EMPTY || (old[j + 1] as number) < live) continue;
      this.insert(hash, old[j + 1] as number, live);
    }
  }
}
