/**
 * The hashes of a client's recent exact inputs (`exactHash`, below 2³⁰), forgotten all at once past `limit`: an
 * open-addressing set in one `Uint32Array` (linear probing, 0 for empty, so a hash is stored plus one), grown by
 * doubling while it is small. Where a `Set` of numbers was two lookups of a hash table of entries per query and a
 * new table at every clear, this is one probe run of contiguous memory and a fill.
 */
export class SeenSet {
  private slots = new Uint32Array(16);
  private count = 0;

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.count;
  }

  /**
   * Whether `hash` was seen since the last clear; if not, it is added (after a clear when more than `limit` hashes
   * are held), as `has`, then `clear` past the limit, then `add` on a `Set` did.
   */
  seenOrAdd(hash: number): boolean {
    const key = hash + 1;
    const mask = this.slots.length - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> 0;
    for (let k = this.slots[i & mask] as number; k !== 0; k = this.slots[i & mask] as number) {
      if (k === key) return true;
      i++;
    }
    if (this.count > this.limit) {
      this.slots.fill(0);
      this.count = 0;
    }
    // At most half full: a run stays short.
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    this.place(key);
    this.count++;
    return false;
  }

  private place(key: number): void {
    const mask = this.slots.length - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> 0;
    while (this.slots[i & mask] !== 0) i++;
    this.slots[i & mask] = key;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (const key of old) if (key !== 0) this.place(key);
  }
}
