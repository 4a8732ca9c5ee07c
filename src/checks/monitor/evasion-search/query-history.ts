/**
 * The sequence numbers of a client's last `history` remembered queries, in a ring that grows (doubling) until it
 * holds `history` of them: a client that sends a few queries keeps a few slots. The fingerprints themselves live
 * only in the hash index, which forgets the oldest query lazily (hash-index.ts): the ring says which one that is.
 */
export class QueryHistory {
  private seqs: Int32Array;
  private count = 0;
  private next = 0;

  constructor(private readonly history: number) {
    this.seqs = new Int32Array(Math.min(history, 16));
  }

  /** The slot the next query goes to. When the ring is full that is the oldest one's, which leaves the history now. */
  makeRoom(): number {
    if (this.count < this.history) {
      if (this.count === this.seqs.length) this.grow();
      return this.count;
    }
    return this.next;
  }

  /** Whether `slot` (from `makeRoom`) holds a query about to be forgotten. */
  full(): boolean {
    return this.count >= this.history;
  }

  seqAt(slot: number): number {
    return this.seqs[slot] as number;
  }

  /** Remembers query `seq` in `slot` (from `makeRoom`); the caller has indexed its hashes. */
  store(slot: number, seq: number): void {
    if (this.count < this.history) this.count++;
    else this.next = (this.next + 1) % this.history;
    this.seqs[slot] = seq;
  }

  private grow(): void {
    const seqs = new Int32Array(Math.min(this.history, this.seqs.length * 2));
    seqs.set(this.seqs);
    this.seqs = seqs;
  }
}
