import type { EventRef, InferenceEvent } from './event.ts';

/** What a trail keeps of an event: where it is, when, and the few figures an evidence note quotes. */
export interface TrailEntry {
  source: string;
  line: number;
  /** NaN when the log gave no time. */
  time: number;
  label: string | undefined;
  tokensIn: number | undefined;
  tokensOut: number | undefined;
  latencyMs: number | undefined;
}

/**
 * Made by `new`, not as an object literal: V8 tracks a literal's allocation site and, once most of its objects outlive
 * a few collections, allocates them in the old space and throws away the compiled code that inlines it (flooding's
 * observe, ~20,000 events into the bench). Objects made by `new` have no allocation site.
 */
class TrailSlot implements TrailEntry {
  source = '';
  line = 0;
  time = Number.NaN;
  label: string | undefined = undefined;
  tokensIn: number | undefined = undefined;
  tokensOut: number | undefined = undefined;
  latencyMs: number | undefined = undefined;
}

/**
 * A client's last few events, kept as evidence for the alarm that may come. Entries are reused in place: the
 * events themselves (their input vectors, scores and parsed line) are not held, so they die young instead of
 * filling the old generation of the heap, and a push allocates nothing.
 */
export class EventTrail {
  private readonly entries: TrailEntry[] = [];
  private next = 0;

  constructor(readonly size: number) {}

  /**
   * Until the trail is full `next` is its length: one path for both, `next` stored on every push. Code first run at a
   * client's `size`th event (the full trail's branch, the store of 0) threw away the compiled observe that inlines
   * this, to be compiled again: V8 compiles only what has run.
   */
  push(event: InferenceEvent): void {
    const at = this.next;
    let entry = this.entries[at];
    if (entry === undefined) {
      entry = new TrailSlot();
      this.entries.push(entry);
    }
    // Not `% size`: an integer division per event.
    this.next = at + 1 === this.size ? 0 : at + 1;
    entry.source = event.source;
    entry.line = event.line;
    entry.time = event.time ?? Number.NaN;
    entry.label = event.label;
    entry.tokensIn = event.tokensIn;
    entry.tokensOut = event.tokensOut;
    entry.latencyMs = event.latencyMs;
  }

  /** The kept events as evidence, oldest first, each with the note `note` gives it. */
  refs(note: (entry: TrailEntry) => string | undefined = () => undefined): EventRef[] {
    const ordered = this.entries.length < this.size ? this.entries : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
    return ordered.map((e) => {
      const text = note(e);
      return { source: e.source, line: e.line, ...(Number.isNaN(e.time) ? {} : { time: e.time }), ...(text ? { note: text } : {}) };
    });
  }
}
