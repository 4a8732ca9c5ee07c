import { describe, expect, it } from 'vitest';
import type { InferenceEvent } from '../../../monitor/event.ts';
import { Anchors } from './anchors.ts';

const event = (line: number, time?: number): InferenceEvent => ({ source: 'log', line, client: 'c', ...(time === undefined ? {} : { time }) });

describe('Anchors: a client\'s last queries, slot for slot with its PointSet', () => {
  it('fills slots in turn and starts again at 0, the leaving anchor\'s copies and counts cleared', () => {
    const anchors = new Anchors(3);
    const slots: number[] = [];
    for (let line = 1; line <= 4; line++) {
      slots.push(anchors.nextSlot());
      anchors.push(event(line, line * 10));
    }
    expect(slots).toEqual([0, 1, 2, 0]);
    expect(anchors.line(0)).toBe(4);
    expect(anchors.attribute(1, 2, event(5))).toBe(1);
    expect(anchors.attribute(1, 4, event(6))).toBe(2);
    expect(anchors.spread(1)).toEqual({ mean: 3, cv: 1 / 3 });
    expect(anchors.evidence(1)).toEqual([
      { source: 'log', line: 2, time: 20 },
      { source: 'log', line: 5 },
      { source: 'log', line: 6 },
    ]);
    expect(anchors.nextSlot()).toBe(1);
    anchors.push(event(7));
    // Slot 1 now holds line 7, with no time, no copies and a count starting again.
    expect(anchors.evidence(1)).toEqual([{ source: 'log', line: 7 }]);
    expect(anchors.attribute(1, 1, event(9))).toBe(1);
  });

  it('keeps the first 20 copies as evidence and counts them all', () => {
    const anchors = new Anchors(64);
    anchors.push(event(1));
    let n = 0;
    for (let line = 2; line < 40; line++) n = anchors.attribute(0, 1, event(line));
    expect(n).toBe(38);
    expect(anchors.evidence(0)).toHaveLength(21);
  });
});
