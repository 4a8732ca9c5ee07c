import { beforeAll, describe, expect, it } from 'vitest';
import { run, type Run } from './victim-run.ts';

/**
 * A colour victim, held out from the detectors until 2026-12-07: CIFAR-10-size scenes, 3 × 32 × 32 channels first, on
 * the 8-bit grid, a 61%-accurate softmax regression (victims/colour-32.ts), and the image tools' colour forms (a sign
 * per channel and column in SquareAttack's stripes, noise per channel in GeoDA, …). Run once before any change (seed
 * 2501): the slow extraction was missed, and three natural clients were flagged by PRADA's W (0.79–0.86: a colour
 * photograph's scene sets most of a distance, and natural minimum distances are skewed). Since, δ follows the
 * population's W on images too, searching clients take their first answers back from the novelty reference, and a
 * client is ranked against the others' (extraction/README.md).
 */
describe('the numeric detectors on the colour victim (seed 2501, test scale)', () => {
  let r: Run;
  beforeAll(async () => {
    r = await run('colour-32', 2501, 'test');
  }, 900_000);

  it('flags every attacker with its technique, early but for SquareAttack, which stops after 43 queries', () => {
    expect(r.score.attackers.filter((a) => a.caughtAt === undefined).map((a) => a.role)).toEqual([]);
    // Its 16 clean images are 37% of its queries: no detector can be early there. It is caught at its 18th query, by
    // its second striped start (the clean images, then the stripes of each image in colour).
    expect(r.score.attackers.filter((a) => !a.early).map((a) => `${a.role} at ${a.caughtAt}`)).toEqual(['art-square at 18']);
  });

  it('flags none of the 40 benign clients', () => {
    expect(r.score.benign).toBe(40);
    expect(r.score.benignFlagged).toEqual([]);
  });
});

/**
 * Fresh colour seed 2513 (test scale), run once on the code above: 20 of 40 benign clients flagged by the boundary
 * share, the population's taken from the log's first 200 answers, 77 of them one natural client's and 18 a ZOO
 * search's about one image (11%, where natural clients' is 25–40%). The warm-up's share now takes each client's first
 * 20 answers (extraction/population.ts).
 */
describe('the numeric detectors on the colour victim, seed 2513: a warm-up most of whose answers are two clients’', () => {
  let r: Run;
  beforeAll(async () => {
    r = await run('colour-32', 2513, 'test');
  }, 900_000);

  it('flag every attacker with its technique, and none of the 40 benign clients', () => {
    expect(r.score.attackers.filter((a) => a.caughtAt === undefined).map((a) => a.role)).toEqual([]);
    expect(r.score.benignFlagged).toEqual([]);
  });

  // Copycat and KnockoffNets query drawings in random colours (on the 8-bit grid, as photographs' bytes are): no farther
  // from the centre than natural scenes by much (they were caught at 109 and 119 of 500, late), but half of them lie off
  // the directions natural scenes vary along (extraction/README.md, "Off the principal directions").
  it('flag every extraction within its first 20% of queries, and every attacker but SquareAttack (16 clean images of 70 first)', () => {
    expect(r.score.attackers.filter((a) => !a.early).map((a) => `${a.role} at ${a.caughtAt}`)).toEqual(['art-square at 18']);
  });
});
