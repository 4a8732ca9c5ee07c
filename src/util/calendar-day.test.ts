import { describe, expect, it } from 'vitest';
import { isCalendarDay } from './calendar-day.ts';

describe('isCalendarDay', () => {
  it.each([
    ['2026-11-20', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-02-30', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-3-1', false],
    ['01/03/2025', false],
    ['2026-11-20T00:00:00Z', false],
  ])('%s → %s', (day, real) => expect(isCalendarDay(day)).toBe(real));
});
