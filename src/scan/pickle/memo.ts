import { FORGOTTEN, KEEP_ITEMS, carriesCode, type Value } from './values.ts';

/**
 * The unpickler's memo, with memory bounded independently of the file's size. CPython memoizes every
 * string, tuple, list, dict and object it writes, so a dense pickle has millions of entries; what can
 * change a verdict later is only what code can reach through a GET: globals, call results and anything
 * that holds them (always kept, under the `maxMemo` entry cap), and constants that may become a
 * STACK_GLOBAL operand or a call argument (kept while an estimated `maxMemoBytes` budget lasts).
 *
 * Past the budget, a constant's entry is remembered only as present: a GET returns the shared
 * `FORGOTTEN` placeholder, and wherever its value would matter (STACK_GLOBAL, a payload for a loader)
 * the scan says it is incomplete instead of guessing. Keys are nearly always sequential (MEMOIZE, and
 * BINPUT as pickle.py writes it), so presence is one counter; out-of-order keys go to a small map that
 * counts against the entry cap.
 */
export class Memo {
  /** Values of keys [0, head.length): every entry until the budget ran out. */
  private head: Value[] = [];
  /** Keys [0, denseEnd) are present. */
  private denseEnd = 0;
  /** Entries at or above head.length that are kept (code, or constants while the budget lasts). */
  private tail = new Map<number, Value>();
  /** Keys above denseEnd (written out of order), with their values or FORGOTTEN. */
  private sparse = new Map<number, Value>();
  private headOpen = true;
  private budget: number;
  /** Entries whose value was dropped. */
  forgotten = 0;

  constructor(
    private readonly maxEntries: number,
    maxBytes: number,
  ) {
    this.budget = maxBytes;
  }

  /** Number of keys present (MEMOIZE writes at this key). */
  get size(): number {
    return this.denseEnd + this.sparse.size;
  }

  get retained(): number {
    return this.head.length + this.tail.size + this.sparse.size;
  }

  /** The value at key k, FORGOTTEN for a dropped one, undefined for a key never written. */
  get(k: number): Value | undefined {
    if (k < this.head.length) return this.head[k];
    if (k < this.denseEnd) return this.tail.get(k) ?? FORGOTTEN;
    return this.sparse.get(k);
  }

  /** Returns false when the entry cap is reached. */
  put(k: number, v: Value): boolean {
    if (k === this.denseEnd) {
      if (!this.store(k, v)) return false;
      this.denseEnd++;
      if (this.sparse.size) this.absorb();
      return true;
    }
    if (k < this.denseEnd) {
      // Overwriting an existing key (BINPUT/PUT reuse).
      if (k < this.head.length) {
        this.head[k] = v;
        return true;
      }
      if (!this.keep(v)) {
        this.tail.delete(k);
        return true;
      }
      if (!this.tail.has(k) && this.retained >= this.maxEntries) return !carriesCode(v);
      this.tail.set(k, v);
      return true;
    }
    if (!this.sparse.has(k) && this.retained >= this.maxEntries) return false;
    this.sparse.set(k, this.keep(v) ? v : FORGOTTEN);
    return true;
  }

  private store(k: number, v: Value): boolean {
    if (this.retained >= this.maxEntries) {
      // The entry cap is the safety net for what must be kept; constants are simply dropped.
      if (carriesCode(v)) return false;
      this.headOpen = false;
      this.forgotten++;
      return true;
    }
    if (this.headOpen && this.head.length === k && this.budget > 0) {
      this.budget -= cost(v);
      this.head.push(v);
      return true;
    }
    this.headOpen = false;
    if (this.keep(v)) this.tail.set(k, v);
    else this.forgotten++;
    return true;
  }

  private keep(v: Value): boolean {
    if (carriesCode(v)) return true;
    if (this.budget <= 0) return false;
    this.budget -= cost(v);
    return true;
  }

  /** Keys written ahead of the dense range join it once the gap is filled. */
  private absorb(): void {
    for (let v = this.sparse.get(this.denseEnd); v !== undefined; v = this.sparse.get(this.denseEnd)) {
      this.sparse.delete(this.denseEnd);
      if (v !== FORGOTTEN) this.tail.set(this.denseEnd, v);
      this.denseEnd++;
    }
  }
}

/** Estimated bytes an entry keeps alive (V8 headers included), for the budget. */
function cost(v: Value): number {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? 32 + v.length : 16;
  switch (v.t) {
    case 'bytes':
      return 64 + (v.data?.length ?? 0);
    case 'tuple':
    case 'frozenset':
      return 48 + 8 * v.items.length;
    case 'list':
    case 'dict':
    case 'set':
      return 48 + 8 * KEEP_ITEMS;
    default:
      return 32;
  }
}
