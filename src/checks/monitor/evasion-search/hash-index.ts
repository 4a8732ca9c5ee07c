/**
 * A client's inverted index of fingerprint hashes: for each hash, the recent queries (by sequence number) whose
 * fingerprints hold it. An open-addressing multimap in two typed arrays (linear probing, backward-shift
 * deletion): a lookup reads one short run of contiguous memory instead of chasing a `Map` entry and a holder
 * array per hash, and adding or removing a holder allocates nothing. Hashes are below 2³⁰ (fingerprint.ts), so
 * 2³² − 1 marks an empty slot; a holder of −1 marks a hash that became too common to say anything, for good.
 */
const EMPTY = 0xffffffff;
const COMMON = -1;

export class HashIndex {
  private keys: Uint32Array;
  private holders: Int32Array;
  private mask: number;
  private used = 0;

  constructor(capacity = 64) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(capacity, 8)));
    this.keys = new Uint32Array(size).fill(EMPTY);
    this.holders = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Slots in use (holders and common marks): memory follows it. */
  get size(): number {
    return this.used;
  }

  /**
   * Adds `seq` as a holder of `hash`, unless the hash is marked common. A hash that already has `common` holders
   * is marked common instead and its holders dropped: it is in too many of the client's queries to tell them apart.
   */
  add(hash: number, seq: number, common: number): void {
    const keys = this.keys;
    let held = 0;
    let i = hash & this.mask;
    for (let k = keys[i] as number; k !== EMPTY; k = keys[i] as number) {
      if (k === hash) {
        if (this.holders[i] === COMMON) return;
        held++;
      }
      i = (i + 1) & this.mask;
    }
    if (held >= common) {
      while (this.removeAny(hash));
      this.insert(hash, COMMON);
      return;
    }
    keys[i] = hash;
    this.holders[i] = seq;
    if (++this.used * 10 > keys.length * 7) this.grow();
  }

  /** Removes `seq` as a holder of `hash` (nothing when it is not one, as when the hash was marked common). */
  remove(hash: number, seq: number): void {
    const keys = this.keys;
    for (let i = hash & this.mask, k = keys[i] as number; k !== EMPTY; i = (i + 1) & this.mask, k = keys[i] as number) {
      if (k === hash && this.holders[i] === seq) {
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
    const keys = this.keys;
    const holders = this.holders;
    const history = counts.length;
    for (let i = hash & this.mask, k = keys[i] as number; k !== EMPTY; i = (i + 1) & this.mask, k = keys[i] as number) {
      if (k !== hash) continue;
      const q = holders[i] as number;
      if (q === COMMON) continue;
      const slot = q % history;
      const c = (counts[slot] as number) + 1;
      counts[slot] = c;
      if (c === 1) touched.push(slot);
      if (c > best) best = c;
    }
    return best;
  }

  private removeAny(hash: number): boolean {
    const keys = this.keys;
    for (let i = hash & this.mask, k = keys[i] as number; k !== EMPTY; i = (i + 1) & this.mask, k = keys[i] as number) {
      if (k === hash) {
        this.vacate(i);
        return true;
      }
    }
    return false;
  }

  private insert(hash: number, holder: number): void {
    let i = hash & this.mask;
    while (this.keys[i] !== EMPTY) i = (i + 1) & this.mask;
    this.keys[i] = hash;
    this.holders[i] = holder;
    if (++this.used * 10 > this.keys.length * 7) this.grow();
  }

  /** Empties slot `hole` and moves later entries of its run back so every entry stays reachable from its home slot. */
  private vacate(hole: number): void {
    const keys = this.keys;
    const mask = this.mask;
    let j = hole;
    for (;;) {
      j = (j + 1) & mask;
      const k = keys[j] as number;
      if (k === EMPTY) break;
      const home = k & mask;
      // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      keys[hole] = k;
      this.holders[hole] = this.holders[j] as number;
      hole = j;
    }
    keys[hole] = EMPTY;
    this.used--;
  }

  private grow(): void {
    const keys = this.keys;
    const holders = this.holders;
    this.keys = new Uint32Array(keys.length * 2).fill(EMPTY);
    this.holders = new Int32Array(keys.length * 2);
    this.mask = keys.length * 2 - 1;
    this.used = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) this.insert(keys[i] as number, holders[i] as number);
  }
}
