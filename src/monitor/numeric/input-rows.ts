/**
 * One client's inputs of one length in numbered rows of one flat array, which the point sets of several detectors
 * can share (`SharedInputs`). An event's input that extraction keeps and membership probing keeps too is copied
 * once, and the second detector's search finds the rows of the query's neighbours in the cache the first one's
 * search has just filled, where two copies meant two waits for memory.
 *
 * A row counts its holders and is reused once the last lets go, so the store holds at most the sum of its
 * holders' capacities, whatever the number of events; a point set whose client is evicted lets go of its rows.
 */
export class InputRows {
  /** Point sets using the store; the last to leave calls `empty` (its client is gone from every detector). */
  users = 0;

  /** Length of every row (the first input's); −1 before the first. */
  stride = -1;
  /** The rows, one after the other; reallocated as the store grows, so read it again after `hold`. */
  data = new Float64Array(0);
  private holders = new Int32Array(0);
  private free = new Int32Array(0);
  private freeCount = 0;
  /** Rows ever handed out (the ones below are held or free). */
  private used = 0;
  /** The event whose input `lastRow` holds: a second holder of the same event shares the row. */
  private lastKey: object | undefined;
  private lastRow = -1;

  constructor(private readonly empty?: () => void) {}

  /** A point set stops using the store (its client was evicted). */
  leave(): void {
    if (--this.users === 0) this.empty?.();
  }

  /** Rows held now (for tests and memory figures). */
  get held(): number {
    return this.used - this.freeCount;
  }

  /** A row holding a copy of x (of length `stride`), shared with the last holder when `key` is the same event. */
  hold(x: Float64Array, key?: object): number {
    if (this.stride < 0) this.stride = x.length;
    if (key !== undefined && key === this.lastKey) {
      this.holders[this.lastRow] = (this.holders[this.lastRow] as number) + 1;
      return this.lastRow;
    }
    const row = this.freeCount > 0 ? (this.free[--this.freeCount] as number) : this.used++;
    if (row >= this.holders.length) this.grow(row + 1);
    this.data.set(x, row * this.stride);
    this.holders[row] = 1;
    this.lastKey = key;
    this.lastRow = row;
    return row;
  }

  /** One holder of `row` lets go; the last frees it for the next input. */
  release(row: number): void {
    const left = (this.holders[row] as number) - 1;
    this.holders[row] = left;
    if (left > 0) return;
    if (row === this.lastRow) this.lastKey = undefined;
    this.free[this.freeCount++] = row;
  }

  private grow(rows: number): void {
    let n = Math.max(16, this.holders.length);
    while (n < rows) n = Math.ceil(n * 1.5);
    const data = new Float64Array(n * this.stride);
    data.set(this.data);
    this.data = data;
    const holders = new Int32Array(n);
    holders.set(this.holders);
    this.holders = holders;
    const free = new Int32Array(n);
    free.set(this.free.subarray(0, this.freeCount));
    this.free = free;
  }
}

/**
 * The input stores of one monitor's detectors, one per client: a client's rows lie together (a search reads one
 * array, as when each point set had its own), and a client evicted by every detector that kept its inputs is dropped.
 */
export class SharedInputs {
  private readonly byClient = new Map<string, InputRows>();

  /** The client's store, for one more point set. */
  for(client: string): InputRows {
    let rows = this.byClient.get(client);
    if (rows === undefined) {
      const made = new InputRows(() => {
        if (this.byClient.get(client) === made) this.byClient.delete(client);
      });
      this.byClient.set(client, (rows = made));
    }
    rows.users++;
    return rows;
  }

  /** Clients with a store now. */
  get clients(): number {
    return this.byClient.size;
  }
}
