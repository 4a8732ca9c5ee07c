/**
 * A client's inverted index of fingerprint hashes: for each hash, the recent queries (by sequence number) whose
 * fingerprints hold it. An open-addressing multimap in one typed array of (hash, holder) pairs (linear probing,
 * backward-shift deletion): a lookup reads one short run of contiguous memory, usually one cache line, instead
 * of chasing a `Map` entry and a holder array per hash, and adding or removing a holder allocates nothing.
 * Hashes are below 2³⁰ (fingerprint.ts), so 2³² − 1 marks an empty slot; a holder of 2³² − 1 marks a hash that
 * became too common to say anything, for good.
 */
const EMPTY = 0xffffffff;
/** The holder of a hash marked common (no sequence number reaches it). */
const MARK = 0xffffffff;

export class HashIndex {
  /** Slot i is entries[2i] (the hash, EMPTY when free) and entries[2i + 1] (the holder, or COMMON as unsigned). */
  private entries: Uint32Array;
  private mask: number;
  private used = 0;

  constructor(capacity = 64) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(capacity, 8)));
    this.entries = new Uint32Array(size * 2).fill(EMPTY);
    this.mask = size - 1;
  }

  /** Slots in use (holders and common marks): memory follows it. */
  get size(): number {
    return this.used;
  }

  /**
   * Counts the holders of `hash` as `tally` does, then adds `seq` as one more holder, unless the hash is marked
   * common: one walk of the hash's run where a tally and an add took two. A hash that already has `common`
   * holders is marked common instead and its holders dropped: it is in too many of the client's queries to tell
   * them apart. Returns the largest count, or `best` if none is larger.
   */
  tallyAndAdd(hash: number, seq: number, common: number, counts: Int32Array, touched: number[], best: number): number {
    const e = this.entries;
    const history = counts.length;
    let held = 0;
    let i = hash & this.mask;
    for (let k = e[2 * i] as number; k !== EMPTY; k = e[2 * i] as number) {
      if (k === hash) {
        const q = e[2 * i + 1] as number;
        if (q === MARK) return best;
        held++;
        const slot = q % history;
        const c = (counts[slot] as number) + 1;
        counts[slot] = c;
        if (c === 1) touched.push(slot);
        if (c > best) best = c;
      }
      i = (i + 1) & this.mask;
    }
    if (held >= common) {
      while (this.removeAny(hash));
      this.insert(hash, MARK);
      return best;
    }
    e[2 * i] = hash;
    e[2 * i + 1] = seq;
    if (++this.used * 10 > (e.length / 2) * 7) this.grow();
    return best;
  }

  /** Whether `hash` is marked common (its holders say nothing and are no longer kept). */
  isCommon(hash: number): boolean {
    const e = this.entries;
    for (let i = hash & this.mask, k = e[2 * i] as number; k !== EMPTY; i = (i + 1) & this.mask, k = e[2 * i] as number) {
      if (k === hash && e[2 * i + 1] === MARK) return true;
    }
    return false;
  }

  /** Removes `seq` as a holder of `hash` (nothing when it is not one, as when the hash was marked common). */
  remove(hash: number, seq: number): void {
    const e = this.entries;
    for (let i = hash & this.mask, k = e[2 * i] as number; k !== EMPTY; i = (i + 1) & this.mask, k = e[2 * i] as number) {
      if (k === hash && e[2 * i + 1] === seq) {
        this.vacate(i);
        return;
      }
    }
  }

  /**
   * Counts, for every holder of `hash`, one more shared hash in `counts[holder % counts.length]`, noting slots
   * that go from 0 to 1 in `touched`; returns the largest count, or `best` if none is larger.
   */
  tally(hash: number, counts: Int32Array, touched: number[], best: number): number {
    const e = this.entries;
    const history = counts.length;
    for (let i = hash & this.mask, k = e[2 * i] as number; k !== EMPTY; i = (i + 1) & this.mask, k = e[2 * i] as number) {
      if (k !== hash) continue;
      const q = e[2 * i + 1] as number;
      if (q === MARK) continue;
      const slot = q % history;
      const c = (counts[slot] as number) + 1;
      counts[slot] = c;
      if (c === 1) touched.push(slot);
      if (c > best) best = c;
    }
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

  private insert(hash: number, holder: number): void {
    const e = this.entries;
    let i = hash & this.mask;
    while (e[2 * i] !== EMPTY) i = (i + 1) & this.mask;
    e[2 * i] = hash;
    e[2 * i + 1] = holder;
    if (++this.used * 10 > (e.length / 2) * 7) this.grow();
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

  private grow(): void {
    const old = this.entries;
    const slots = old.length; // twice the old slot count
    this.entries = new Uint32Array(slots * 2).fill(EMPTY);
    this.mask = slots - 1;
    this.used = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== EMPTY) this.insert(old[i] as number, old[i + 1] as number);
  }
}
