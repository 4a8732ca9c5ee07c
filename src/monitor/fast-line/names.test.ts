import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { line } from './json-scan.ts';
import { Names } from './names.ts';

/** The names as one line's bytes (a 0 after them), and where each is. */
function lineOf(names: string[]): { b: Buffer; at: [number, number][] } {
  const text = names.join(',');
  line.text = undefined;
  line.start = 0;
  line.end = text.length;
  const at: [number, number][] = [];
  let from = 0;
  for (const n of names) {
    at.push([from, from + n.length]);
    from += n.length + 1;
  }
  return { b: Buffer.from(`${text}\0`), at };
}

describe('names', () => {
  it('gives each run of bytes its text, the first time and from the table after', () => {
    // (A string kept is not told from one sliced anew: strings have no identity in JS. The bench shows the gain.)
    const ascii = fc.string({ unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)), maxLength: 80 }).filter((s) => !s.includes(','));
    fc.assert(
      fc.property(fc.array(ascii, { minLength: 1, maxLength: 300 }), (names) => {
        const table = new Names();
        const { b, at } = lineOf(names);
        for (let round = 0; round < 2; round++) expect(at.map(([from, to]) => table.of(b, from, to))).toStrictEqual(names);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the names of a log that interleaves a few hundred clients', () => {
    const table = new Names();
    const names = Array.from({ length: 200 }, (_, k) => `key-${k}`);
    const { b, at } = lineOf(names);
    for (let round = 0; round < 20; round++) for (const [from, to] of at) table.of(b, from, to);
    // Each name sliced once, but for the few that share a pair of slots with two others.
    expect(table.misses).toBeLessThan(300);
  });

  it('tells names apart that share a slot or a length', () => {
    const table = new Names();
    const names = Array.from({ length: 5000 }, (_, k) => `key-${k}`);
    const { b, at } = lineOf(names);
    for (let round = 0; round < 2; round++) at.forEach(([from, to], k) => expect(table.of(b, from, to)).toBe(names[k]));
  });
});
