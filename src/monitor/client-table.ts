/**
 * One client's places in the tables that hold it, found once per event: the monitor looks the client up in its own
 * table (engine.ts), whose state this is, and hands it to every detector, whose tables then find the client here
 * instead of in their own `Map`. Up to four tables, in fields of this object (whose line the monitor has just read),
 * not in arrays: a client's arrays are cold by its next event, where each table's Map of 200 clients stays in cache
 * (arrays made `get` 2.1% → 3.5% of the run). A fifth table finds the client in its Map, as every table did. A
 * table's place is listed while the table holds the client, and unlisted when it evicts it; the tables' order of
 * last sight and their caps are their own, as before.
 */
export class ClientSlot {
  /** Events of this client so far (while the monitor's table holds it): the alerts' client event number. */
  n = 0;
  private t0: object | undefined = undefined;
  private t1: object | undefined = undefined;
  private t2: object | undefined = undefined;
  private t3: object | undefined = undefined;
  private at0 = -1;
  private at1 = -1;
  private at2 = -1;
  private at3 = -1;

  constructor(readonly key: string) {}

  /** The client's place in `table`, or -1 if `table` listed none here. */
  find(table: object): number {
    if (this.t0 === table) return this.at0;
    if (this.t1 === table) return this.at1;
    if (this.t2 === table) return this.at2;
    if (this.t3 === table) return this.at3;
    return -1;
  }

  /** Lists the client's place in `table` (which has none here); false when four tables already have. */
  list(table: object, at: number): boolean {
    if (this.t0 === undefined) {
      this.t0 = table;
      this.at0 = at;
    } else if (this.t1 === undefined) {
      this.t1 = table;
      this.at1 = at;
    } else if (this.t2 === undefined) {
      this.t2 = table;
      this.at2 = at;
    } else if (this.t3 === undefined) {
      this.t3 = table;
      this.at3 = at;
    } else return false;
    return true;
  }

  unlist(table: object): void {
    if (this.t0 === table) this.t0 = undefined;
    else if (this.t1 === table) this.t1 = undefined;
    else if (this.t2 === table) this.t2 = undefined;
    else if (this.t3 === table) this.t3 = undefined;
  }
}

/**
 * Per-client state with a cap on how many clients are tracked: the least recently seen client is evicted when a new
 * one arrives at the cap, so memory is bounded whatever the number of keys in the log. Each client has a place (0 to
 * the cap − 1, reused by the client that evicts it); a `Map` finds it (or the client's slot, when the caller has it),
 * and a doubly linked list through the places, in two typed arrays, keeps the order of last sight. Links in the
 * entries themselves had each event touch its neighbours' entries, two more objects that other clients' events had
 * evicted from the cache; the arrays of 200 clients' links stay in it.
 */
export class ClientTable<State> {
  private readonly places = new Map<string, number>();
  /** By place: the key as first seen (later events' copies of the name are not kept, so they die young), the state. */
  private readonly keys: string[] = [];
  private readonly states: State[] = [];
  /** By place: the slot listing it, if a caller gave one (read only on eviction). */
  private readonly slots: (ClientSlot | undefined)[] = [];
  /** By place: the place seen just before and just after it (-1: none). */
  private older = new Int32Array(16);
  private newer = new Int32Array(16);
  private oldest = -1;
  private newest = -1;
  evicted = 0;

  constructor(
    private readonly cap: number,
    private readonly create: (client: string) => State,
  ) {}

  /**
   * The client's state, created on first sight; marks the client most recently seen. `slot`, the client's (the
   * monitor's, for `client`), lists its place so that the next event's lookup finds it there.
   */
  get(client: string, slot?: ClientSlot): State {
    const mine = slot !== undefined && slot.key === client ? slot : undefined;
    let at = mine !== undefined ? mine.find(this) : -1;
    if (at < 0) {
      at = this.places.get(client) ?? -1;
      // Known, but not in this slot: the monitor's table let the client go and made it a new one since.
      if (at >= 0 && mine !== undefined) this.listIn(mine, at);
    }
    if (at >= 0) {
      if (at !== this.newest) {
        this.unlink(at);
        this.append(at);
      }
      return this.states[at] as State;
    }
    if (this.places.size >= this.cap && this.oldest >= 0) {
      at = this.oldest;
      this.unlink(at);
      this.places.delete(this.keys[at] as string);
      this.slots[at]?.unlist(this);
      this.evicted++;
      this.keys[at] = client;
      this.states[at] = this.create(client);
      this.slots[at] = undefined;
    } else {
      at = this.keys.length;
      if (at === this.older.length) this.grow();
      this.keys.push(client);
      this.states.push(this.create(client));
      this.slots.push(undefined);
    }
    this.places.set(client, at);
    this.append(at);
    if (mine !== undefined) this.listIn(mine, at);
    return this.states[at] as State;
  }

  /** Every tracked state, least recently seen first. */
  *values(): IterableIterator<State> {
    for (let at = this.oldest; at >= 0; at = this.newer[at] as number) yield this.states[at] as State;
  }

  get size(): number {
    return this.places.size;
  }

  private listIn(slot: ClientSlot, at: number): void {
    this.slots[at]?.unlist(this);
    this.slots[at] = slot.list(this, at) ? slot : undefined;
  }

  private grow(): void {
    const older = new Int32Array(2 * this.older.length);
    const newer = new Int32Array(2 * this.newer.length);
    older.set(this.older);
    newer.set(this.newer);
    this.older = older;
    this.newer = newer;
  }

  private unlink(at: number): void {
    const o = this.older[at] as number;
    const n = this.newer[at] as number;
    if (o >= 0) this.newer[o] = n;
    else this.oldest = n;
    if (n >= 0) this.older[n] = o;
    else this.newest = o;
  }

  private append(at: number): void {
    this.older[at] = this.newest;
    this.newer[at] = -1;
    if (this.newest >= 0) this.newer[this.newest] = at;
    else this.oldest = at;
    this.newest = at;
  }
}
