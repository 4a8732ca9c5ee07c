import { describe, expect, it } from 'vitest';
import { labelledResponses } from './labelled-responses.ts';
import { scoreJudge } from './score-judge.ts';

describe('the deterministic judge on the labelled set', () => {
  const cases = labelledResponses();
  it('has at least 200 labelled replies, both labels, every category', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(cases.filter((c) => c.exploited).length).toBeGreaterThan(60);
    expect(cases.filter((c) => !c.exploited).length).toBeGreaterThan(60);
  });
  it('keeps precision at or above 0.98 and recall at or above 0.9', () => {
    const score = scoreJudge();
    expect(score.falseAlarms).toEqual([]);
    expect(score.precision).toBeGreaterThanOrEqual(0.98);
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
  });
});
