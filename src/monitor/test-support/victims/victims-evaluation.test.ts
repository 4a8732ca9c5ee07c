import { beforeAll, describe, expect, it } from 'vitest';
import { DETECTORS, run, type Run } from './victim-run.ts';

/**
 * Issue #13 will be judged on victims unlike the 8×8 digits. The third-party tools' traffic against a 28×28 image
 * model logged as KServe v2 tensors, and against a credit-scoring model on 20 raw features of mixed scales (amounts
 * to 100,000, counts, one-hot categories): every attacker is flagged with its technique, and the detectors whose
 * parameters could have assumed 64 features in [0, 1] flag at most one of the 40 benign clients. Seed 501, a
 * quarter of each tool's budget and half the benign traffic (`small`); the detectors were looked at on 101 and 102
 * (RESULTS.md), not on 501.
 */
describe.each([['digits-28' as const], ['credit' as const]])('the numeric detectors on the %s victim', (name) => {
  let r: Run;
  beforeAll(async () => {
    r = await run(name);
  }, 900_000); // generous: the suite runs on shared, loaded machines

  it('puts every tool that makes sense against it among 40 benign clients', () => {
    const roles = r.traffic.clients.filter((c) => c.role !== 'benign').map((c) => c.role);
    expect(roles.length).toBe(name === 'credit' ? 10 : 13);
    expect(r.score.benign).toBe(40);
  });

  it('flags every attacker with its technique', () => {
    const missed = r.score.attackers.filter((a) => a.caughtAt === undefined).map((a) => a.role);
    expect(missed, JSON.stringify(r.score.attackers)).toEqual(MISSED[name]);
  });

  it('flags at most 1 of the 40 benign clients with the detectors that quantise, search neighbours or count', () => {
    const judged = DETECTORS.filter((d) => !GAPS[name]?.includes(d));
    const flagged = new Set(judged.flatMap((d) => r.byDetector.get(d) ?? []));
    expect(flagged.size, judged.map((d) => `${d}: ${(r.byDetector.get(d) ?? []).join(' ')}`).join('; ')).toBeLessThanOrEqual(1);
  });
});

/**
 * A third tabular victim, held out from the detectors' tuning until 2026-12-06: a pump's condition from 12 continuous
 * sensor readings in their own units (victims/sensors.ts), logged as v2 tensors. At full test scale (every benign
 * client's whole day) Blacklight's 5 levels made natural readings near-duplicates of one another: evasion search
 * flagged 8 of 40 benign clients on seed 1101 until the warm-up calibrated its levels (natural-sharing.ts).
 */
describe('the numeric detectors on the sensors victim (seed 1101, test scale)', () => {
  let r: Run;
  beforeAll(async () => {
    r = await run('sensors', 1101, 'test');
  }, 900_000);

  it('flags every attacker early, with its technique', () => {
    // BoundaryAttack (at its 757th query of 1,500 until evasion-search measured steps against how far outside the
    // data's box a walk is: data-box.ts) now at its 10th.
    expect(r.score.attackers.filter((a) => !a.early).map((a) => `${a.role} at ${a.caughtAt}`)).toEqual([]);
  });

  it('flags at most one of the 40 benign clients, and evasion search, membership probing, flooding and training records none', () => {
    // monitor/extraction flagged 2 until its δ followed the population's W on tabular inputs (prada.ts); a margin-rank
    // CUSUM of 4.5 on one natural client remains (RESULTS.md).
    expect(r.score.benignFlagged.length).toBeLessThanOrEqual(1);
    const judged = DETECTORS.filter((d) => d !== 'monitor/extraction');
    expect(judged.flatMap((d) => r.byDetector.get(d) ?? [])).toEqual([]);
  });
});

/** Attackers not flagged with their technique on seed 501, each a gap RESULTS.md explains; any other miss fails. */
const MISSED: Record<string, string[]> = {
  // (The membership attacker's four batches all come within the first 200 events of other clients: it was missed until
  // monitor/training-records judged such a client against the largest share of records the others' counts allow; now
  // at its 6th query. Square, caught at its 24th query by evasion-search's L∞ steps, and the adaptive KnockoffNets, by
  // extraction's novelty test, were missed here before those tests.)
  'digits-28': [],
  // (JbDA, whose seeds are training records, was missed here until the novelty test measured distances on the
  // features' common scale: now at its 142nd query of 800.)
  credit: [],
};
const GAPS: Record<string, string[]> = {
  'digits-28': [],
  // Judged too since PRADA's distances are measured over features on a common scale (extraction/common-scale.ts): on
  // raw amounts its W flagged 11–18 of 40 natural clients a seed.
  credit: [],
};

/**
 * Held-out credit seed 1002 (test scale): an applicant re-sending applications with a field edited, some of them
 * picked again later and edited again, and one natural application sharing most of its hashes with another. Its
 * near-duplicates formed lines of 4–7 and 8 of its last 50 queries continued one, which flagged it as a search
 * while `matches` was 8. A search sends little else (HopSkipJump, ZOO, GeoDA: most of their last 50).
 */
describe('the numeric detectors on the credit victim, seed 1002: re-sent, edited applications', () => {
  let r: Run;
  beforeAll(async () => {
    r = await run('credit', 1002, 'test');
  }, 900_000);

  it('are not an evasion search, and every search is still flagged early', () => {
    expect(r.byDetector.get('monitor/evasion-search') ?? []).toEqual([]);
    const searches = ['art-hop-skip-jump', 'art-boundary', 'art-zoo', 'mi-label-only-boundary'];
    expect(r.score.attackers.filter((a) => searches.includes(a.role) && !a.early).map((a) => `${a.role} at ${a.caughtAt}`)).toEqual([]);
  });
});

/**
 * Held-out credit seeds that once broke a bar, each at test scale: every attacker flagged early, and at most the
 * benign clients given.
 * - 1406: ART's BoundaryAttack sent 186 of the log's first 200 events, from uniform noise over the features' bounds,
 *   and three more tools started within the hour. Learned from those events, the features' scale followed the noise:
 *   extraction missed four extraction tools and evasion search flagged three benign clients. The monitor's warm-up
 *   stage (warmup-stage.ts) and extraction's common scale over the clients that are not outlying (common-scale.ts)
 *   leave no one client, nor a few, to set it.
 * - 1402: two natural-looking clients, one of them rescanning, whose answers' margins ranked low among everyone's for
 *   a while (extraction's margin-rank CUSUMs 4.2 and 5.1), were flagged while that test alarmed at 4, not 5.
 */
describe.each([
  [1406, 'a search sending most of the log’s first events', 0],
  [1402, 'natural clients whose answers sat near the boundary a while', 1],
])('the numeric detectors on the credit victim, seed %i: %s', (seed, _, benign) => {
  let r: Run;
  beforeAll(async () => {
    r = await run('credit', seed, 'test');
  }, 900_000);

  it(`flag every attacker early, and at most ${benign} of the 40 benign clients`, () => {
    expect(r.score.attackers.filter((a) => !a.early).map((a) => `${a.role} at ${a.caughtAt}`)).toEqual([]);
    expect(r.score.benignFlagged.length, r.score.benignFlagged.join(', ')).toBeLessThanOrEqual(benign);
  });
});

/**
 * Held-out sensors seeds, each at test scale: every attacker flagged early, no benign client flagged.
 * - 1612: Copycat and KnockoffNets query each sensor drawn from another record, readings uniform over the sensors'
 *   ranges, other plants' and mixes of two records. Measured from the mean of the warm-up's inputs, which lies between
 *   the fast and slow pumps' modes, their inputs ranked 0.62–0.68 and 0.69–0.78 among everyone's, and they were caught
 *   at their 193rd and 113th query of 500 (late). Measured to the nearest input of another client
 *   (extraction/novelty.ts) they rank 0.81–0.82 and 0.80–0.86, and are caught at their 53rd.
 * - 1714: two natural clients whose minimum distances gave W 0.833 and 0.858 (the population's median 0.935) were
 *   flagged by PRADA's test; their inputs ranked 0.46 and 0.42 for novelty, where every attacker W catches ranks 0.54 or
 *   more (extraction's `wNoveltyFloor`).
 */
describe.each([
  [1612, 'extraction from readings of other plants'],
  [1714, 'natural clients whose W dipped'],
])('the numeric detectors on the sensors victim, seed %i: %s', (seed) => {
  let r: Run;
  beforeAll(async () => {
    r = await run('sensors', seed, 'test');
  }, 900_000);

  it('flag every attacker early with its technique, and no benign client', () => {
    expect(r.score.attackers.filter((a) => !a.early).map((a) => `${a.role} at ${a.caughtAt}`)).toEqual([]);
    expect(r.score.benignFlagged).toEqual([]);
  });
});
