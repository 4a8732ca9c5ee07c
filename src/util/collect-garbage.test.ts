import { describe, expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage.ts';

const MB = 1024 * 1024;

describe('collectGarbage', () => {
  it('frees what is no longer reachable, at once', () => {
    let garbage: { i: number; text: string }[] | undefined = Array.from({ length: 400_000 }, (_, i) => ({ i, text: `finding ${i}` }));
    const held = process.memoryUsage().heapUsed;
    expect(garbage.length).toBe(400_000);
    garbage = undefined;
    collectGarbage();
    expect((held - process.memoryUsage().heapUsed) / MB).toBeGreaterThan(10);
  });
});
