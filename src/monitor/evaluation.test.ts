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
});

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

/**
 * Issue #13 (monitor-catch): our extraction sends its natural seeds first, which hid its boundary seeking from a
 * windowed share until query 120 of 500; and 3% re-sent inputs pulled natural clients' PRADA W below δ. On a seed
 * not looked at while changing either (before the change this seed's slow extraction went unflagged): both
 * extractions within their first 20% of queries (the slow one: 1,000), no benign client flagged.
 */
describe('the extraction detector on a seed held out from its tuning', () => {
  let heldOut: Score;

  beforeAll(async () => {
    const traffic = await generateTraffic({ seed: 41, benignClients: 40, benignQueries: 100, attackers: { 'hop-skip-jump': 1, simba: 1, extraction: 1, 'slow-extraction': 1, membership: 1, flood: 1 }, scale: 'test' });
    heldOut = scoreDetectors(traffic, createDetectors(['monitor/extraction']));
  });

  it.each(['extraction', 'slow-extraction'])('catches the %s early', (role) => {
    const attacker = heldOut.attackers.find((a) => a.role === role);
    expect(attacker?.early, JSON.stringify(attacker)).toBe(true);
  });

  it('flags no benign client', () => {
    expect(heldOut.benignFlagged).toEqual([]);
  });
});

/**
 * Issue #13: an extractor with a pool of natural inputs (`rampart attack extraction --pool N`) sends only natural
 * digits until its pool runs out, so neither PRADA nor the boundary share saw it before query 360 of 500. The
 * margin-rank CUSUM catches the pool's least-sure picks. Seed 55 was held out from its tuning (seeds 31–33 and
 * 51–53); it is the latest of the held-out catches (54: 100, 55: 110, 56: 80), so the bar here is a quarter of the
 * queries, not the fifth.
 */
describe('the extraction detector on an extractor with a pool of natural inputs (held out)', () => {
  let pool: Score;

  beforeAll(async () => {
    const traffic = await generateTraffic({ seed: 55, benignClients: 40, benignQueries: 100, attackers: { 'hop-skip-jump': 1, simba: 1, extraction: 1, 'slow-extraction': 1, membership: 1, flood: 1 }, scale: 'test', extractionPool: true });
    pool = scoreDetectors(traffic, createDetectors(['monitor/extraction']));
  });

  it.each([
    ['extraction', 125],
    ['slow-extraction', 150],
  ])('catches the %s within its first %i queries (was 360 and 350)', (role, by) => {
    const attacker = pool.attackers.find((a) => a.role === role);
    expect(attacker?.caughtAt, JSON.stringify(attacker)).toBeLessThanOrEqual(by as number);
  });

  it('flags no benign client', () => {
    expect(pool.benignFlagged).toEqual([]);
  });
});
