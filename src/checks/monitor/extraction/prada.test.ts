import { describe, expect, it } from 'vitest';
import { populationThreshold } from './prada.ts';

describe('populationThreshold', () => {
  it.each([
    // Natural tabular clients at W ~0.93 ± 0.03: δ falls to the (upper) median less 4 robust deviations.
    { name: 'a population whose W sits low', ws: [0.88, 0.9, 0.91, 0.92, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97], expected: 0.93 - 4 * 1.4826 * 0.02 },
    // Fewer than 10 voters, all but one above δ (fresh 8×8 digits 2677 at its 1,750th event: δ 0.765 before): δ stays.
    { name: 'a few voters spread widely above δ', ws: [0.86, 0.89, 0.92, 0.95, 0.97, 0.99], expected: 0.87 },
    // Two of them below: natural clients sit low (colour scenes, pumps' readings), and δ falls.
    { name: 'a few voters, two below δ', ws: [0.8, 0.84, 0.9, 0.92, 0.94], expected: 0.9 - 4 * 1.4826 * 0.04 },
    // Images: natural W ~0.97, the figure is above PRADA's δ, which stays.
    { name: 'a population above δ', ws: [0.96, 0.97, 0.97, 0.98, 0.98], expected: 0.87 },
    { name: 'too few clients', ws: [0.8, 0.81, 0.82, 0.83], expected: 0.87 },
    { name: 'no clients', ws: [], expected: 0.87 },
  ])('$name', ({ ws, expected }) => {
    expect(populationThreshold([...ws], 0.87, 4, 5)).toBeCloseTo(expected, 6);
  });

  it('keeps δ with 0 deviations', () => {
    expect(populationThreshold([0.8, 0.82, 0.84, 0.86, 0.88], 0.87, 0, 5)).toBe(0.87);
  });
});
