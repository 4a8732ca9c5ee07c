import { beforeAll, describe, expect, it } from 'vitest';
import { createDetectors } from './detectors.ts';
import { scoreDetectors, type Score } from './test-support/score.ts';
import { thirdPartyTraffic, type ThirdPartyTraffic, type Tool } from './test-support/third-party/traffic.ts';
import { trainingRecordsOf } from './training-set/training-records.ts';

/**
 * Issue #13 is judged on traffic from other people's attack tools. `test-support/third-party/` queries as ART's
 * attacks (with their documented defaults), PRADA's JbDA and a load tool do, among 40 benign clients of five kinds
 * (natural, a nightly batch job, one digit only, rescanned documents, bursts); EXPECTED.md says what each must
 * raise, RESULTS.md what the detectors did before and after. Seed 201 was measured once before the detectors
 * changed and not while changing them (that used 101 and 102), in each pass.
 */
const SEED = 201;

/** Each tool's outcome: early (its technique within the bar), late, or only other techniques — the last two are documented gaps (RESULTS.md). */
const OUTCOMES: [Tool, 'early' | 'late' | 'other techniques'][] = [
  ['art-hop-skip-jump', 'early'],
  ['art-boundary', 'early'],
  ['art-geoda', 'early'],
  ['art-zoo', 'early'],
  // Every query is its image ± ε (clipped): L∞ steps from its first vertices on (Blacklight alone: its 6th iteration, late).
  ['art-square', 'early'],
  // Its answers sat on the boundary ~25% of the time, near the CUSUM's 30% (late on half the seeds); its inputs, natural
  // images of another distribution, lie farther from the population's centre than anyone's (extraction's novelty test).
  ['copycat', 'early'],
  ['knockoff-adaptive', 'early'],
  ['jbda', 'early'],
  ['slow-extraction', 'early'],
  // Each record once, in batches; half of them training records, which fresh traffic is not (monitor/training-records).
  ['mi-black-box', 'early'],
  // A short HopSkipJump per record, the first from a member: a search begun at a training record (evasion-search).
  ['mi-label-only-boundary', 'early'],
  ['flood', 'early'],
  // Held out for the L∞ steps (written before them, not tuned on): vertices x ± ε of the L∞ ball, blocks flipped in batches.
  ['parsimonious', 'early'],
];

let traffic: ThirdPartyTraffic;
let score: Score;

beforeAll(async () => {
  traffic = await thirdPartyTraffic(SEED, 'test');
  // The training records given, as `rampart monitor --training-data` gives them.
  const detectors = ['monitor/extraction', 'monitor/evasion-search', 'monitor/membership-probing', 'monitor/flooding', 'monitor/training-records'];
  score = scoreDetectors(traffic, createDetectors(detectors, {}, 'parameters', { trainingRecords: trainingRecordsOf(traffic.training) }));
}, 900_000); // generous: the suite runs on shared, loaded machines (timed out at 120 s at load 60)

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
