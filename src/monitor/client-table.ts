/**
 * A client's place in the table. A class, not an object literal: V8 tracks a literal's allocation site and, once most
 * of its objects outlive a few collections, allocates them in the old space from then on and throws away the compiled
 * code that inlines the literal (`get`, the engine's `event`, the detectors' observe that inline it: ~22,000 events
 * into the bench, each compiled again). Objects made by `new` have no allocation site.
 */
class Entry<State> {
  older: Entry<State> | undefined = undefined;
  newer: Entry<State> | undefined = undefined;

  constructor(
    /** The key as first seen: later events' copies of the name are not kept, so they die young. */
    readonly key: string,
    readonly state: State,
  ) {}
}

/**
 * Per-client state with a cap on how many clients are tracked: the least recently seen client is evicted
 * when a new one arrives at the cap, so memory is bounded whatever the number of keys in the log. A `Map`
 * finds the entry; a doubly linked list through the entries keeps the order of last sight (one lookup and a
 * few pointer moves per event, where re-inserting into the Map cost two lookups and left holes to compact).
 */
/** Lookups between two checks of the byte budget: summing 10,000 clients' bytes is ~50 µs, 0.05 µs an event. */
const CHECK_EVERY = 1_024;

export class ClientTable<State> {
  private readonly entries = new Map<string, Entry<State>>();
  private oldest: Entry<State> | undefined;
  private newest: Entry<State> | undefined;
  evicted = 0;
  /** Clients evicted because the states outgrew the byte budget (counted in `evicted` too). */
  evictedForMemory = 0;
  private sinceCheck = 0;

  constructor(
    private readonly cap: number,
    private readonly create: (client: string) => State,
    /**
     * A bound on the bytes of every state together, with how to count one's (its typed arrays: a 784-pixel input kept
     * 64 times is 400 KB, and 10,000 clients of that were 12 GB): checked every 1,024 lookups, the least recently seen
     * clients evicted until the states fit.
     */
    private readonly budget?: { bytes: number; of: (state: State) => number },
  ) {}

  /** The client's state, created on first sight; marks the client most recently seen. */
  get(client: string): State {
    if (this.budget !== undefined && ++this.sinceCheck >= CHECK_EVERY) this.fit(this.budget);
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
    const entry = new Entry(client, this.create(client));
    this.entries.set(client, entry);
    this.append(entry);
    return entry.state;
  }

  /** Evicts the least recently seen clients until the states' bytes fit the budget (the newest one always stays). */
  private fit(budget: { bytes: number; of: (state: State) => number }): void {
    this.sinceCheck = 0;
    let total = 0;
    for (let e = this.oldest; e !== undefined; e = e.newer) total += budget.of(e.state);
    while (total > budget.bytes && this.oldest !== undefined && this.oldest !== this.newest) {
      const oldest = this.oldest;
      total -= budget.of(oldest.state);
      this.unlink(oldest);
      this.entries.delete(oldest.key);
      this.evicted++;
      this.evictedForMemory++;
    }
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

/** What a client's state holds besides its large typed arrays (objects, rings, small arrays): counted as a flat 4 KB. */
const FIXED_STATE_BYTES = 4096;

/** A detector's byte budget of `mb` megabytes, a state's bytes being its large arrays' (`arrays`) and the fixed rest. */
export function stateBudget<State>(mb: number, arrays: (state: State) => number): { bytes: number; of: (state: State) => number } {
  return { bytes: mb * 2 ** 20, of: (state) => arrays(state) + FIXED_STATE_BYTES };
}
