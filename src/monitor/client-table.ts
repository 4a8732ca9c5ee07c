interface Entry<State> {
  /** The key as first seen: later events' copies of the name are not kept, so they die young. */
  readonly key: string;
  readonly state: State;
  older: Entry<State> | undefined;
  newer: Entry<State> | undefined;
}

/**
 * Per-client state with a cap on how many clients are tracked: the least recently seen client is evicted
 * when a new one arrives at the cap, so memory is bounded whatever the number of keys in the log. A `Map`
 * finds the entry; a doubly linked list through the entries keeps the order of last sight (one lookup and a
 * few pointer moves per event, where re-inserting into the Map cost two lookups and left holes to compact).
 */
export class ClientTable<State> {
  private readonly entries = new Map<string, Entry<State>>();
  private oldest: Entry<State> | undefined;
  private newest: Entry<State> | undefined;
  evicted = 0;

  constructor(
    private readonly cap: number,
    private readonly create: (client: string) => State,
  ) {}

  /** The client's state, created on first sight; marks the client most recently seen. */
  get(client: string): State {
    const known = this.entries.get(client);
    if (known !== undefined) {
      if (known !== this.newest) {
        this.unlink(known);
        this.append(known);
      }
      return known.state;
    }
    if (this.entries.size >= this.cap && this.oldest) {
      const oldest = this.oldest;
      this.unlink(oldest);
      this.entries.delete(oldest.key);
      this.evicted++;
    }
    const entry: Entry<State> = { key: client, state: this.create(client), older: undefined, newer: undefined };
    this.entries.set(client, entry);
    this.append(entry);
    return entry.state;
  }

  /** Every tracked state, least recently seen first. */
  *values(): IterableIterator<State> {
    for (let e = this.oldest; e !== undefined; e = e.newer) yield e.state;
  }

  get size(): number {
    return this.entries.size;
  }

  private unlink(e: Entry<State>): void {
    if (e.older) e.older.newer = e.newer;
    else this.oldest = e.newer;
    if (e.newer) e.newer.older = e.older;
    else this.newest = e.older;
    e.older = undefined;
    e.newer = undefined;
  }

  private append(e: Entry<State>): void {
    e.older = this.newest;
    if (this.newest) this.newest.newer = e;
    else this.oldest = e;
    this.newest = e;
  }
}
