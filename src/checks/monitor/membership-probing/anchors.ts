import { refOf, type EventRef, type InferenceEvent } from '../../../monitor/event.ts';

/** Numbers per anchor in `numbers`: copies, sum and sum of squares of their distances, the anchor's time and line. */
const N = 0;
const SUM = 1;
const SUM2 = 2;
const TIME = 3;
const LINE = 4;
const WIDTH = 5;

/**
 * A client's last `size` queries as anchors, slot for slot with the PointSet holding their inputs (the query sent
 * n-th is in slot n mod size). Their numbers are in one typed array grown with the slots used, their sources in a
 * plain array, and a list of copies only for an anchor that gathered one: an object per anchor, its boxed numbers
 * and its empty list were ~12 KB of heap per client.
 */
export class Anchors {
  private numbers = new Float64Array(0);
  private readonly sources: string[] = [];
  private readonly copyLists: (EventRef[] | undefined)[] = [];
  private next = 0;

  constructor(readonly size: number) {}

  /** The slot the next query will fill (the oldest anchor's once every slot is used). */
  nextSlot(): number {
    return this.next;
  }

  /** The query becomes the anchor in the next slot, with no copies yet. */
  push(event: InferenceEvent): void {
    const slot = this.next;
    if (this.numbers.length <= slot * WIDTH) {
      const grown = new Float64Array(Math.min(this.size, Math.max(8, 2 * slot)) * WIDTH);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    const o = slot * WIDTH;
    // The slot's list of copies dropped on every push (a new anchor gathers a new one): emptying it only when the
    // anchor had gathered copies was code first run when a slot came round again, which threw away the compiled
    // observe inlining this, and slots stored only as lists were first made left the array holey.
    this.copyLists[slot] = undefined;
    this.numbers[o + N] = 0;
    this.numbers[o + SUM] = 0;
    this.numbers[o + SUM2] = 0;
    this.numbers[o + TIME] = event.time ?? Number.NaN;
    this.numbers[o + LINE] = event.line;
    this.sources[slot] = event.source;
    this.next = slot + 1 === this.size ? 0 : slot + 1;
  }

  /** Attributes a copy at distance d to the anchor in `slot` (the first 20 kept as evidence); returns the anchor's count. */
  attribute(slot: number, d: number, copy: InferenceEvent): number {
    const o = slot * WIDTH;
    const n = (this.numbers[o + N] as number) + 1;
    this.numbers[o + N] = n;
    this.numbers[o + SUM] = (this.numbers[o + SUM] as number) + d;
    this.numbers[o + SUM2] = (this.numbers[o + SUM2] as number) + d * d;
    let copies = this.copyLists[slot];
    if (!copies) this.copyLists[slot] = copies = [];
    if (copies.length < 20) copies.push(refOf(copy));
    return n;
  }

  /** Mean distance and its coefficient of variation over the anchor's copies. */
  spread(slot: number): { mean: number; cv: number } {
    const o = slot * WIDTH;
    const n = this.numbers[o + N] as number;
    const mean = (this.numbers[o + SUM] as number) / n;
    const cv = Math.sqrt(Math.max((this.numbers[o + SUM2] as number) / n - mean * mean, 0)) / mean;
    return { mean, cv };
  }

  line(slot: number): number {
    return this.numbers[slot * WIDTH + LINE] as number;
  }

  /** The anchor's own event, then its copies. */
  evidence(slot: number): EventRef[] {
    const time = this.numbers[slot * WIDTH + TIME] as number;
    const anchor: EventRef = { source: this.sources[slot] as string, line: this.line(slot), ...(Number.isNaN(time) ? {} : { time }) };
    return [anchor, ...(this.copyLists[slot] ?? [])];
  }
}
