import type { HashIndex } from './hash-index.ts';

/**
 * A client's last `history` fingerprints, in one flat typed array that grows (doubling) until it holds
 * `history` of them: no object per query, and a client that sends a few queries keeps a few slots.
 * Remembering a fingerprint when the ring is full forgets the oldest, in the index too.
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

  /** Stores query `seq`'s fingerprint and indexes its hashes, dropping the oldest fingerprint from both when full. */
  remember(seq: number, print: Uint32Array, index: HashIndex, common: number): void {
    const w = this.width;
    let slot: number;
    if (this.count < this.history) {
      if (this.count === this.lengths.length) this.grow();
      slot = this.count++;
    } else {
      slot = this.next;
      this.next = (this.next + 1) % this.history;
      const old = this.seqs[slot] as number;
      for (let i = slot * w, end = i + (this.lengths[slot] as number); i < end; i++) index.remove(this.hashes[i] as number, old);
    }
    this.hashes.set(print, slot * w);
    this.lengths[slot] = print.length;
    this.seqs[slot] = seq;
    for (let i = 0; i < print.length; i++) index.add(print[i] as number, seq, common);
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
