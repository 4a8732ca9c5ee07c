/**
 * A client's last `history` remembered queries: each one's sequence number and fingerprint (`top` hashes, ascending,
 * padded with 2³² − 1 when it has fewer), in rings that grow (doubling) until they hold `history` of them: a client
 * that sends a few queries keeps a few slots. The hash index removes the oldest query's hashes when it leaves
 * (hash-index.ts): its fingerprint here says which they are.
 */
export class QueryHistory {
  private seqs: Int32Array;
  /** Slot i's fingerprint is prints[i·top … (i + 1)·top). */
  private hashes: Uint32Array;
  private count = 0;
  private next = 0;

  constructor(
    private readonly history: number,
    readonly top: number,
  ) {
    this.seqs = new Int32Array(Math.min(history, 16));
    this.hashes = new Uint32Array(this.seqs.length * top);
  }

  /** Every slot's fingerprint (read from `slot · top`); replaced when the ring grows. */
  get prints(): Uint32Array {
    return this.hashes;
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

  /** Remembers query `seq` and its fingerprint (ascending, at most `top` hashes) in `slot` (from `makeRoom`); the caller has indexed its hashes. */
  store(slot: number, seq: number, print: Uint32Array): void {
    if (this.count < this.history) this.count++;
    else this.next = (this.next + 1) % this.history;
    this.seqs[slot] = seq;
    const at = slot * this.top;
    this.hashes.set(print, at);
    if (print.length < this.top) this.hashes.fill(0xffffffff, at + print.length, at + this.top);
  }

  private grow(): void {
    const seqs = new Int32Array(Math.min(this.history, this.seqs.length * 2));
    seqs.set(this.seqs);
    this.seqs = seqs;
    const hashes = new Uint32Array(seqs.length * this.top);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }
}
