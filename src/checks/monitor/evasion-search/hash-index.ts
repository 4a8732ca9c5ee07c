/**
 * A client's inverted index of fingerprint hashes: for each hash, the recent queries (by sequence number) whose
 * fingerprints hold it. An open-addressing multimap in one typed array of (hash, holder) pairs (linear probing,
 * backward-shift deletion): a lookup reads one short run of contiguous memory, usually one cache line, instead
 * of chasing a `Map` entry and a holder array per hash, and adding a holder allocates nothing.
 *
 * A query that leaves the client's history is forgotten lazily: its holders stay until a walk of their run
 * passes them (their sequence number is below the oldest still counted) and reuses their slot, or until the
 * table fills and is rebuilt with the live holders only. Removing a leaving query's hashes one by one cost as
 * many random reads of the index as adding the new query's: each a cache miss once many clients' indexes
 * outgrow the cache.
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
   * that follow find their runs in the cache instead of waiting for one cache miss after another.
   */
  warm(hashes: Uint32Array): void {
    const e = this.entries;
    const mask = this.mask;
    let s = 0;
    for (let i = 0; i < hashes.length; i++) s ^= e[2 * ((hashes[i] as number) & mask)] as number;
    this.sink = s;
  }

  /** Slots in use, stale holders included: memory follows it. */
  get size(): number {
    return this.used;
  }

  /**
   * Counts the live holders of `hash` (sequence number ≥ `live`) in `counts[holder & (counts.length − 1)]` (its
   * length from `tallySlots`), then adds `seq` as one more holder, unless the hash is marked common: one
   * walk of the hash's run. `leaving` (the query leaving the history as `seq` arrives; −1 for none) is counted but
   * no longer holds: a hash with `common` other holders is marked common instead and its holders dropped, as it
   * is in too many of the client's queries to tell them apart. Returns the largest count, or `best` if none is larger.
   */
  tallyAndAdd(hash: number, seq: number, live: number, leaving: number, common: number, counts: Int32Array, best: number): number {
    const e = this.entries;
    const slots = counts.length - 1;
    let held = 0;
    let free = -1;
    const mask = this.mask;
    let i = hash & mask;
    for (let k = e[2 * i] as number; k !== EMPTY; k = e[2 * i] as number) {
      const q = e[2 * i + 1] as number;
      if (q < live) {
        if (free < 0) free = i;
      } else if (k === hash) {
        if (q === MARK) return best;
        if (q !== leaving) held++;
        const slot = q & slots;
        const c = (counts[slot] as number) + 1;
        counts[slot] = c;
        if (c > best) best = c;
      }
      i = (i + 1) & mask;
    }
    if (held >= common) {
      while (this.removeAny(hash));
      this.insert(hash, MARK, live);
      return best;
    }
    // A stale holder's slot in the run is reused: the run stays as long, and every entry as reachable.
    if (free >= 0) {
      e[2 * free] = hash;
      e[2 * free + 1] = seq;
      return best;
    }
    e[2 * i] = hash;
    e[2 * i + 1] = seq;
    if (++this.used * 10 > (e.length / 2) * 7) this.rebuild(live);
    return best;
  }

  private removeAny(hash: number): boolean {
    const e = this.entries;
    for (let i = hash & this.mask, k = e[2 * i] as number; k !== EMPTY; i = (i + 1) & this.mask, k = e[2 * i] as number) {
      if (k === hash) {
        this.vacate(i);
        return true;
      }
    }
    return false;
  }

  private insert(hash: number, holder: number, live: number): void {
    const e = this.entries;
    let i = hash & this.mask;
    while (e[2 * i] !== EMPTY) i = (i + 1) & this.mask;
    e[2 * i] = hash;
    e[2 * i + 1] = holder;
    if (++this.used * 10 > (e.length / 2) * 7) this.rebuild(live);
  }

  /** Empties slot `hole` and moves later entries of its run back so every entry stays reachable from its home slot. */
  private vacate(hole: number): void {
    const e = this.entries;
    const mask = this.mask;
    let j = hole;
    for (;;) {
      j = (j + 1) & mask;
      const k = e[2 * j] as number;
      if (k === EMPTY) break;
      const home = k & mask;
      // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
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
    const e = this.entries;
    for (let j = 0; j < old.length; j += 2) {
      const hash = old[j] as number;
      if (hash === EMPTY || (old[j + 1] as number) < live) continue;
      let i = hash & this.mask;
      while (e[2 * i] !== EMPTY) i = (i + 1) & this.mask;
      e[2 * i] = hash;
      e[2 * i + 1] = old[j + 1] as number;
      this.used++;
    }
  }
}
