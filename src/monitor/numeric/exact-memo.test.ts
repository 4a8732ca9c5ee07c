import { describe, expect, it } from 'vitest';
import { ExactMemo, sameInputs } from './exact-memo.ts';

const of = (...rows: number[][]): Float64Array[] => rows.map((r) => Float64Array.from(r));

describe('ExactMemo: a warm-up computation found again only for the same numbers', () => {
  it.each([
    { name: 'the same numbers', b: of([1, 2], [3]), same: true },
    { name: 'NaN for NaN', a: of([Number.NaN]), b: of([Number.NaN]), same: true },
    { name: 'one number changed', b: of([1, 2], [4]), same: false },
    { name: '−0 for 0', a: of([0]), b: of([-0]), same: false },
    { name: 'another row', b: of([1, 2], [3], [5]), same: false },
    { name: 'a row longer', b: of([1, 2, 0], [3]), same: false },
  ])('compares inputs bit for bit: $name', ({ a = of([1, 2], [3]), b, same }) => {
    expect(sameInputs(a, b)).toBe(same);
  });

  it('finds a value by inputs and tag, keeps the last `size`, and keeps copies (a caller may reuse its arrays)', () => {
    const memo = new ExactMemo<string>(2);
    const key = of([1, 2]);
    memo.set(key, 'k8', 'first');
    (key[0] as Float64Array)[0] = 9;
    expect(memo.get(of([1, 2]), 'k8')).toBe('first');
    expect(memo.get(of([1, 2]), 'k4')).toBeUndefined();
    expect(memo.get(key, 'k8')).toBeUndefined();
    memo.set(of([2]), 'k8', 'second');
    memo.set(of([3]), 'k8', 'third');
    expect(memo.get(of([1, 2]), 'k8')).toBeUndefined();
    expect(memo.get(of([2]), 'k8')).toBe('second');
  });
});
