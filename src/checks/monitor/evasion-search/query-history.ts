import type { HashIndex } from './hash-index.ts';

/**
 * A client's last `history` fingerprints, in one flat typed array that grows (doubling) until it holds
 * `history` of them: no object per query, and a client that sends a few queries keeps a few slots.
 * Making room when the ring is full forgets the oldest fingerprint, in the index too.
 */
export class PrintRing {
  private hashes: Uint32Array;
  private lengths: Int32Array;
  private seqs: Int32Array;
  private count = 0;
  private next = 0;

  constructor(
    private readonly history: number,
    private readonly width: number,
  ) {
    const slots = Math.min(history, 16);
    this.hashes = new Uint32Array(slots * width);
    this.lengths = new Int32Array(slots);
    this.seqs = new Int32Array(slots);
  }

  /**
   * The slot the next fingerprint goes to. When the ring is full that is the oldest one's, whose hashes leave the
   * index now; they stay readable (`seqAt`, `lengthAt`, `hashAt`) until `store` overwrites them.
   */
  makeRoom(index: HashIndex): number {
    if (this.count < this.history) {
      if (this.count === this.lengths.length) this.grow();
      return this.count;
    }
    const slot = this.next;
    const old = this.seqs[slot] as number;
    for (let i = slot * this.width, end = i + (this.lengths[slot] as number); i < end; i++) index.remove(this.hashes[i] as number, old);
    return slot;
  }

  /** Whether `slot` (from `makeRoom`) holds a fingerprint about to be forgotten. */
  full(): boolean {
    return this.count >= this.history;
  }

  seqAt(slot: number): number {
    return this.seqs[slot] as number;
  }

  lengthAt(slot: number): number {
    return this.lengths[slot] as number;
  }

  hashAt(slot: number, i: number): number {
    return this.hashes[slot * this.width + i] as number;
  }

  /** Stores query `seq`'s fingerprint in `slot` (from `makeRoom`); the caller has indexed its hashes. */
  store(slot: number, seq: number, print: Uint32Array): void {
    if (this.count < this.history) this.count++;
    else this.next = (this.next + 1) % this.history;
    this.hashes.set(print, slot * this.width);
    this.lengths[slot] = print.length;
    this.seqs[slot] = seq;
  }

  private grow(): void {
    const slots = Math.min(this.history, this.lengths.length * 2);
    const hashes = new Uint32Array(slots * this.width);
    hashes.set(this.hashes);
    const lengths = new Int32Array(slots);
    lengths.set(this.lengths);
    const seqs = new Int32Array(slots);
    seqs.set(this.seqs);
    this.hashes = hashes;
    this.lengths = lengths;
    this.seqs = seqs;
  }
}
