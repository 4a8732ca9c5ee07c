import { beforeAll, describe, expect, it } from 'vitest';
import { createDetectors } from './detectors.ts';
import { scoreDetectors, type Score } from './test-support/score.ts';
import { thirdPartyTraffic, type ThirdPartyTraffic, type Tool } from './test-support/third-party/traffic.ts';

/**
 * Issue #13 is judged on traffic from other people's attack tools. `test-support/third-party/` queries as ART's
 * attacks (with their documented defaults), PRADA's JbDA and a load tool do, among 40 benign clients of five kinds
 * (natural, a nightly batch job, one digit only, rescanned documents, bursts); EXPECTED.md says what each must
 * raise, RESULTS.md what the detectors did before and after. Seed 201 was measured once before the detectors
 * changed and not while changing them (that used 101 and 102).
 */
const SEED = 201;

/** Each tool's outcome: early (its technique within the bar), late, or only other techniques — the last two are documented gaps (RESULTS.md). */
const OUTCOMES: [Tool, 'early' | 'late' | 'other techniques'][] = [
  ['art-hop-skip-jump', 'early'],
  ['art-boundary', 'early'],
  ['art-geoda', 'early'],
  ['art-zoo', 'early'],
  // Square's redrawn squares leave a Blacklight line only once they are ≤ 3×3 pixels: about its 6th iteration.
  ['art-square', 'late'],
  // Its answers sit on the boundary about 25% of the time, near the CUSUM's 30%: early on half the seeds (RESULTS.md).
  ['copycat', 'late'],
  ['knockoff-adaptive', 'early'],
  ['jbda', 'early'],
  ['slow-extraction', 'early'],
  // Each record once, in batches: what a batch-scoring client sends. Flooding raises AML.T0029 on its rate.
  ['mi-black-box', 'other techniques'],
  // A short HopSkipJump per record: an evasion search (AML.T0043.001) until many records have been searched.
  ['mi-label-only-boundary', 'other techniques'],
  ['flood', 'early'],
];

let traffic: ThirdPartyTraffic;
let score: Score;

beforeAll(async () => {
  traffic = await thirdPartyTraffic(SEED, 'test');
  score = scoreDetectors(traffic, createDetectors(['monitor/extraction', 'monitor/evasion-search', 'monitor/membership-probing', 'monitor/flooding']));
}, 120_000);

describe('the numeric detectors on third-party-style attack traffic', () => {
  it.each(OUTCOMES)('%s: %s', (tool, outcome) => {
    const attacker = score.attackers.find((a) => a.role === tool);
    const seen = attacker?.early ? 'early' : attacker?.caughtAt !== undefined ? 'late' : 'other techniques';
    expect(seen, JSON.stringify(attacker)).toBe(outcome);
    if (outcome === 'other techniques') expect(attacker?.also.length, 'flagged, with another technique').toBeGreaterThan(0);
  });

  it('flags at most 1 of the 40 benign clients, rescanned documents and nightly batches included', () => {
    expect(score.benign).toBe(40);
    const kinds = new Set(traffic.clients.filter((c) => c.role === 'benign').map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['bursty', 'natural', 'nightly-batch', 'one-class', 'rescans']);
    expect(score.benignFlagged.length, score.benignFlagged.join(', ')).toBeLessThanOrEqual(1);
  });
});
