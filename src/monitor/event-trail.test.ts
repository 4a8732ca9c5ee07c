import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InferenceEvent } from './event.ts';
import { EventTrail } from './event-trail.ts';

const event = (line: number, extra: Partial<InferenceEvent> = {}): InferenceEvent => ({ source: 'log', line, client: 'c', input: new Float64Array([line]), ...extra });

describe('EventTrail: the last events of a client, as evidence', () => {
  it.each([
    { name: 'fewer events than its size', size: 4, lines: [1, 2], want: [1, 2] },
    { name: 'more: the oldest are forgotten, order kept', size: 3, lines: [1, 2, 3, 4, 5], want: [3, 4, 5] },
    { name: 'a trail of one', size: 1, lines: [7, 8], want: [8] },
  ])('$name', ({ size, lines, want }) => {
    const trail = new EventTrail(size);
    for (const line of lines) trail.push(event(line, { time: line * 1000 }));
    expect(trail.refs()).toEqual(want.map((line) => ({ source: 'log', line, time: line * 1000 })));
  });

  it('keeps the last `size` events in order, after every push', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 40 }), (size, n) => {
        const trail = new EventTrail(size);
        for (let line = 1; line <= n; line++) {
          trail.push(event(line));
          expect(trail.refs().map((r) => r.line)).toEqual(Array.from({ length: Math.min(line, size) }, (_, i) => line - Math.min(line, size) + 1 + i));
        }
      }),
    );
  });

  it('quotes what a note needs, leaves out an absent time, and holds no event', () => {
    const trail = new EventTrail(2);
    const e = event(3, { label: '7', tokensIn: 5, tokensOut: 2, latencyMs: 40 });
    trail.push(e);
    trail.push(event(4));
    e.line = 99;
    expect(trail.refs((t) => (t.label ? `label ${t.label}, ${(t.tokensIn ?? 0) + (t.tokensOut ?? 0)} tokens, ${t.latencyMs} ms` : undefined))).toEqual([
      { source: 'log', line: 3, note: 'label 7, 7 tokens, 40 ms' },
      { source: 'log', line: 4 },
    ]);
  });
});
