import { describe, expect, it } from 'vitest';
import { createRng } from '../../../ml/rng.ts';
import { SeenSet } from './seen-set.ts';

/** What the detector did with a `Set`: has, else clear past the limit, then add. */
function reference(limit: number): (hash: number) => boolean {
  const set = new Set<number>();
  return (hash) => {
    if (set.has(hash)) return true;
    if (set.size > limit) set.clear();
    set.add(hash);
    return false;
  };
}

describe('SeenSet: recent exact inputs, forgotten all at once past a limit', () => {
  it.each([
    { name: 'many repeats among few hashes', limit: 20, distinct: 30, steps: 2000 },
    { name: 'mostly new hashes: clears again and again', limit: 50, distinct: 1 << 30, steps: 5000 },
    { name: 'hashes 0 and the largest (2³⁰ − 1)', limit: 4, distinct: 2, steps: 200, scale: (1 << 30) - 1 },
  ])('$name', ({ limit, distinct, steps, scale }) => {
    const rng = createRng(3);
    const set = new SeenSet(limit);
    const want = reference(limit);
    for (let i = 0; i < steps; i++) {
      const hash = rng.int(distinct) * (scale ?? 1);
      expect(set.seenOrAdd(hash)).toBe(want(hash));
      expect(set.size).toBeLessThanOrEqual(limit + 1);
    }
  });
});
