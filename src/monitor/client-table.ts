/**
 * Per-client state with a cap on how many clients are tracked: the least recently seen client is evicted
 * when a new one arrives at the cap, so memory is bounded whatever the number of keys in the log.
 */
export class ClientTable<State> {
  private readonly states = new Map<string, State>();
  evicted = 0;

  constructor(
    private readonly cap: number,
    private readonly create: (client: string) => State,
  ) {}

  /** The client's state, created on first sight; marks the client most recently seen. */
  get(client: string): State {
    const known = this.states.get(client);
    if (known !== undefined) {
      // Re-inserting moves the key to the end of the Map's order: the Map is its own LRU list.
      this.states.delete(client);
      this.states.set(client, known);
      return known;
    }
    if (this.states.size >= this.cap) {
      const oldest = this.states.keys().next().value;
      if (oldest !== undefined) this.states.delete(oldest);
      this.evicted++;
    }
    const state = this.create(client);
    this.states.set(client, state);
    return state;
  }

  /** Every tracked state, least recently seen first. */
  values(): IterableIterator<State> {
    return this.states.values();
  }

  get size(): number {
    return this.states.size;
  }
}
