/**
 * A client's inverted index of fingerprint hashes: for each hash, the remembered queries whose fingerprints hold it,
 * each named by its tally slot (its sequence number modulo the history, below 2¹⁶). An open-addressing multimap
 * (linear probing, backward-shift deletion) in two typed arrays, the hashes in one and their holders in the other:
 * a lookup reads one short run of contiguous hashes, usually one cache line, and adding a holder allocates nothing.
 *
 * A query leaving the client's history is removed at once (its fingerprint is kept with the history for that), so
 * the table holds the live holders alone and stays at most three quarters full: 6 bytes a slot, 48 KB at the
 * default history's 5,000 holders. The lazy forgetting it replaced (stale holders left until a walk passed them,
 * 8 bytes a slot, rebuilt to four times the live holders) needed 128–256 KB a client, and past a few dozen clients
 * every lookup was a cache miss; its removals cost one random read each only while the table was too big to stay in
 * the cache.
 *
 * Hashes are below 2³⁰ (fingerprint.ts), so 2³² − 1 marks an empty slot; a holder of 2¹⁶ − 1 marks a hash that
 * became too common to say anything, for good.
 */
const EMPTY = 0xffffffff;
/** A removed entry: walks pass over it, an insertion reuses it. */
const GONE = 0xfffffffe;
/** The holder of a hash marked common (no tally slot reaches it: the history is at most 20,000). */
const MARK = 0xffff;

/** The slots of a tally's counts that went from 0 to 1, to reset after it: a reused array and a count, no allocation per query. */
export class Touched {
  readonly slots: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.slots = new Int32Array(capacity);
  }

  push(slot: number): void {
    this.slots[this.length++] = slot;
  }
}

export class HashIndex {
  /** Slot i holds keys[i] (the hash, EMPTY when free) and holders[i] (its tally slot, or MARK). */
  private keys: Uint32Array;
  private holders: Uint16Array;
  private mask: number;
  /** Live entries (holders and marks), and removed ones still marked GONE. */
  private used = 0;
  private gone = 0;
  /** Where `warm` leaves what it read, so the reads are not optimised away. */
  private sink = 0;

  constructor(capacity = 64) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(capacity, 8)));
    this.keys = new Uint32Array(size).fill(EMPTY);
    this.holders = new Uint16Array(size);
    this.mask = size - 1;
  }

  /** Slots in use (holders and marks): memory follows it. */
  get size(): number {
    return this.used;
  }

  /** Slots in the table. */
  get capacity(): number {
    return this.keys.length;
  }

  /**
   * Reads the home slot of every hash, those of `hashes` and the `length` from `offset` of `others`, before any walk:
   * independent loads the processor overlaps, so the walks that follow find their runs in the cache instead of
   * waiting for one cache miss after another.
   */
  warm(hashes: Uint32Array, others: Uint32Array, offset: number, length: number): void {
    const k = this.keys;
    const h = this.holders;
    const mask = this.mask;
    let s = 0;
    for (let i = 0; i < hashes.length; i++) {
      const at = (hashes[i] as number) & mask;
      s ^= (k[at] as number) ^ (h[at] as number);
    }
    for (let i = offset; i < offset + length; i++) {
      const at = (others[i] as number) & mask;
      s ^= (k[at] as number) ^ (h[at] as number);
    }
    this.sink = s;
  }

  /** Removes one holder `holder` of `hash`, if there is one (none when the hash was marked common since). */
  remove(hash: number, holder: number): void {
    const k = this.keys;
    const mask = this.mask;
    for (let i = hash & mask, key = k[i] as number; key !== EMPTY; i = (i + 1) & mask, key = k[i] as number) {
      if (key === hash && this.holders[i] === holder) {
        this.vacate(i);
        return;
      }
    }
  }

  /**
   * Counts the holders of `hash` in `counts[holder]`, noting slots that go from 0 to 1 in `touched`, then adds `holder`
   * as one more, unless the hash is marked common: one walk of the hash's run. When `leaving` holds the hash too
   * (`leaving` ≥ 0: the query leaving the history, which still counts), its entry is counted and then given to
   * `holder`: a removal and an insertion with no second walk and nothing moved. A hash with `common` holders (the
   * leaving query not among them) is marked common instead and its holders dropped, as it is in too many of the
   * client's queries to tell them apart. Returns the largest count, or `best` if none is larger.
   */
  tallyAndAdd(hash: number, holder: number, leaving: number, common: number, counts: Int32Array, touched: Touched, best: number): number {
    const k = this.keys;
    const h = this.holders;
    const mask = this.mask;
    let held = 0;
    let reuse = -1;
    let free = -1;
    let i = hash & mask;
    for (let key = k[i] as number; key !== EMPTY; key = k[i] as number) {
      if (key === hash) {
        const q = h[i] as number;
        if (q === MARK) return best;
        held++;
        if (q === leaving && reuse < 0) reuse = i;
        const c = (counts[q] as number) + 1;
        counts[q] = c;
        if (c === 1) touched.push(q);
        if (c > best) best = c;
      } else if (key === GONE && free < 0) free = i;
      i = (i + 1) & mask;
    }
    if (reuse >= 0) held--;
    if (held >= common) {
      this.mark(hash);
      return best;
    }
    if (reuse >= 0) {
      h[reuse] = holder;
      return best;
    }
    this.used++;
    // A removed entry's slot in the run is reused: the run stays as long, and every entry as reachable.
    if (free >= 0) {
      k[free] = hash;
      h[free] = holder;
      this.gone--;
      return best;
    }
    k[i] = hash;
    h[i] = holder;
    if ((this.used + this.gone) * 4 > k.length * 3) this.rebuild();
    return best;
  }

  /** Drops every holder of `hash` and puts the mark in place of the first. */
  private mark(hash: number): void {
    const k = this.keys;
    const mask = this.mask;
    let i = hash & mask;
    let at = -1;
    for (let key = k[i] as number; key !== EMPTY; key = k[i] as number) {
      if (key === hash) {
        if (at < 0) at = i;
        else {
          k[i] = GONE;
          this.gone++;
          this.used--;
        }
      }
      i = (i + 1) & mask;
    }
    this.holders[at] = MARK;
  }

  /** Empties slot `i` (a removal leaves a marker that walks pass over, unless the run ends there). */
  private vacate(i: number): void {
    const k = this.keys;
    const mask = this.mask;
    this.used--;
    if (k[(i + 1) & mask] !== EMPTY) {
      k[i] = GONE;
      this.gone++;
      return;
    }
    // The run ends here: this slot and the removed ones before it end it sooner.
    k[i] = EMPTY;
    for (let j = (i - 1) & mask; k[j] === GONE; j = (j - 1) & mask) {
      k[j] = EMPTY;
      this.gone--;
    }
  }

  /**
   * The live entries alone, in a table they fill to 5/8 at most: the same one, through a shared scratch copy,
   * unless they have grown past that. The only rebuilds: growth, and clearing the removed entries' markers.
   */
  private rebuild(): void {
    const size = this.used * 8 > this.keys.length * 5 ? this.keys.length * 2 : this.keys.length;
    const n = this.keys.length;
    if (scratchKeys.length < n) {
      scratchKeys = new Uint32Array(n);
      scratchHolders = new Uint16Array(n);
    }
    scratchKeys.set(this.keys);
    scratchHolders.set(this.holders);
    if (size !== n) {
      this.keys = new Uint32Array(size);
      this.holders = new Uint16Array(size);
      this.mask = size - 1;
    }
    this.keys.fill(EMPTY);
    this.gone = 0;
    const k = this.keys;
    const h = this.holders;
    const mask = this.mask;
    for (let j = 0; j < n; j++) {
      const key = scratchKeys[j] as number;
      if (key === EMPTY || key === GONE) continue;
      let i = key & mask;
      while (k[i] !== EMPTY) i = (i + 1) & mask;
      k[i] = key;
      h[i] = scratchHolders[j] as number;
    }
  }
}

let scratchKeys = new Uint32Array(0);
let scratchHolders = new Uint16Array(0);
