import { describe, expect, it } from 'vitest';
import { distances, summarise, type EvasionInputResult } from './evasion.ts';

const v = (...xs: number[]) => Float64Array.from(xs);

describe('evasion distances, raw and relative to the input', () => {
  it.each([
    ['a change of 5 on an input of size 10', v(9, 12), v(6, 8), { l2: 5, linf: 4, relativeL2: 0.5 }],
    ['the same change on an input 100 times larger', v(603, 804), v(600, 800), { l2: 5, linf: 4, relativeL2: 0.005 }],
    ['an all-zero input has no relative size', v(0.3, 0.4), v(0, 0), { l2: 0.5, linf: 0.4, relativeL2: null }],
  ])('%s', (_name, adversarial, input, expected) => {
    const got = distances(adversarial, input);
    expect(got.l2).toBeCloseTo(expected.l2, 12);
    expect(got.linf).toBeCloseTo(expected.linf, 12);
    if (expected.relativeL2 === null) expect(got.relativeL2).toBeNull();
    else expect(got.relativeL2).toBeCloseTo(expected.relativeL2, 12);
  });

  it('the summary gives the median relative L2 of the successful inputs only', () => {
    const input = (relativeL2: number | null, success: boolean): EvasionInputResult => ({ index: 0, original: 0, success, queries: 10, l2: relativeL2, linf: relativeL2, relativeL2 });
    const summary = summarise([input(0.1, true), input(0.3, true), input(0.2, true), input(null, false)], { method: 'hop-skip-jump', norm: 'l2', distances: [] });
    expect(summary.medianRelativeL2).toBeCloseTo(0.2, 12);
    expect(summarise([input(null, false)], { method: 'simba', norm: 'linf', distances: [] }).medianRelativeL2).toBeNull();
  });
});
