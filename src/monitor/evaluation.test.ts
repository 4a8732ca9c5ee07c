import { beforeAll, describe, expect, it } from 'vitest';
import { createDetectors } from './detectors.ts';
import { scoreDetectors, type Score } from './test-support/score.ts';
import { generateTraffic } from './test-support/traffic.ts';

/**
 * Held-out-style traffic on a seed the detectors were not tuned on (tuning used seed 7): 40 benign clients
 * sending natural digits over hours, and one attacker of each kind whose queries come from Rampart's real
 * attack code (HopSkipJump, SimBA, active-learning extraction, a slow extraction at one query every ~10 s,
 * label-only membership inference) plus a flood. The bars: every attacker flagged with the right
 * technique, ≥ 90% of them within their first 20% of queries (the slow one within 1,000), ≤ 1 of 40 benign.
 */
let score: Score;

beforeAll(async () => {
  const traffic = await generateTraffic({ seed: 11, benignClients: 40, benignQueries: 100, attackers: { 'hop-skip-jump': 1, simba: 1, extraction: 1, 'slow-extraction': 1, membership: 1, flood: 1 }, scale: 'test' });
  score = scoreDetectors(traffic, createDetectors(['monitor/extraction', 'monitor/evasion-search', 'monitor/membership-probing', 'monitor/flooding']));
}, 300_000);

describe('the numeric detectors on held-out-style traffic', () => {
  it('flag every attacker with the right technique', () => {
    expect(score.attackers.filter((a) => a.caughtAt === undefined).map((a) => a.role)).toEqual([]);
  });

  it('flag at least 90% of attackers within the first 20% of their queries (the slow one within 1,000)', () => {
    const early = score.attackers.filter((a) => a.early).length;
    expect(early / score.attackers.length, JSON.stringify(score.attackers)).toBeGreaterThanOrEqual(0.9);
  });

  it('flag at most 1 of 40 benign clients', () => {
    expect(score.benign).toBe(40);
    expect(score.benignFlagged.length, score.benignFlagged.join(', ')).toBeLessThanOrEqual(1);
  });
});
