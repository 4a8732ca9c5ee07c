import { mkdtemp, writeFile, cp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RampartError } from '../errors.ts';
import type { Review } from './review.ts';
import { runReview } from './run-review.ts';

const EXAMPLE = new URL('../../examples/acme-bank', import.meta.url).pathname;
const OLD_ATLAS = new URL('../../test/fixtures/atlas/ATLAS-4.9.1.yaml', import.meta.url).pathname;
const reviewDate = new Date('2026-11-22T00:00:00Z');

describe('reviewing the example organisation', () => {
  let review: Review;
  beforeAll(async () => {
    review = await runReview({ inventory: EXAMPLE, reviewDate });
  });

  it('covers every asset and element with the documented JSON contract', () => {
    expect(review.atlasVersion).toBe('5.6.0');
    expect(review.assets.length).toBeGreaterThanOrEqual(12);
    expect(new Set(review.assets.map((a) => a.element))).toEqual(new Set(['environment', 'platform', 'model', 'data']));
    for (const f of review.findings.slice(0, 50)) {
      expect(f).toMatchObject({ assetId: expect.any(String), techniqueId: expect.stringMatching(/^AML\.T\d{4}/), coverage: expect.any(String) });
      expect(f.risk.score).toBeCloseTo(f.risk.likelihood * f.risk.impact, 0);
    }
    expect(JSON.parse(JSON.stringify(review)).findings).toHaveLength(review.findings.length);
  });

  it('ranks the same technique higher on the public credit-scoring model than on the internal weather model', () => {
    const on = (asset: string, technique: string) => review.findings.find((f) => f.assetId === asset && f.techniqueId === technique);
    for (const technique of ['AML.T0015', 'AML.T0024.002', 'AML.T0024.000']) {
      const credit = on('credit-scoring', technique);
      const weather = on('weather-forecast', technique);
      expect(credit, `${technique} applies to credit-scoring`).toBeDefined();
      expect(weather, `${technique} applies to weather-forecast`).toBeDefined();
      expect(credit!.risk.score).toBeGreaterThan(weather!.risk.score);
      const creditRank = review.findings.indexOf(credit!);
      expect(creditRank).toBeLessThan(review.findings.indexOf(weather!));
    }
  });

  it('ranks findings by risk and gives each a reasoning trail that ends in a verdict', () => {
    const scores = review.findings.map((f) => f.risk.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const f of review.findings) {
      expect(f.trail[0]?.kind).toBe('applies');
      expect(f.trail.at(-1)?.kind).toBe('verdict');
    }
  });

  it('credits claims only where the register proves them, and plans fixes for the gaps', () => {
    const counts = review.rollups.organisation.byCoverage;
    expect(counts['blind-spot']).toBeGreaterThan(0);
    expect(counts.claimed).toBeGreaterThan(0);
    expect(counts.prevented + counts.both).toBeGreaterThan(0);
    expect(review.plan.length).toBeGreaterThan(0);
    const top = review.plan[0]!;
    expect(top.riskRemoved).toBeGreaterThan(0);
    expect(top.questions.length).toBeGreaterThan(0);
    expect(review.plan.map((p) => p.riskRemoved)).toEqual([...review.plan.map((p) => p.riskRemoved)].sort((a, b) => b - a));
  });

  it('rolls coverage up per asset, element, tactic and organisation consistently', () => {
    const { organisation, byElement, byAsset } = review.rollups;
    const sum = (rs: { applicable: number }[]) => rs.reduce((n, r) => n + r.applicable, 0);
    expect(sum(Object.values(byElement))).toBe(organisation.applicable);
    expect(sum(Object.values(byAsset))).toBe(organisation.applicable);
    expect(organisation.applicable).toBe(review.findings.length);
  });
});

describe('reviewing against another ATLAS release', () => {
  it('works with an older release: techniques it lacks simply do not appear', async () => {
    const review = await runReview({ inventory: EXAMPLE, reviewDate, atlasFile: OLD_ATLAS });
    expect(review.atlasVersion).toBe('4.9.1');
    expect(review.findings.length).toBeGreaterThan(0);
    expect(review.findings.every((f) => review.matrix.techniques.some((t) => t.id === f.techniqueId))).toBe(true);
  });

  it('reports techniques with no applicability entry as new and not yet assessed, never drops them', async () => {
    const text = (await readFile(new URL('../../data/atlas/ATLAS-5.6.0.yaml', import.meta.url), 'utf8')).replace(
      '  techniques:\n',
      '  techniques:\n  - id: AML.T0999\n    name: Imagined Future Technique\n    description: test\n    object-type: technique\n    tactics:\n    - AML.TA0011\n    maturity: feasible\n    created_date: 2027-01-01\n    modified_date: 2027-01-01\n',
    );
    const dir = await mkdtemp(join(tmpdir(), 'rampart-atlas-new-'));
    await writeFile(join(dir, 'ATLAS.yaml'), text.replace('version: 5.6.0', 'version: 9.0.0'));
    const review = await runReview({ inventory: EXAMPLE, reviewDate, atlasFile: join(dir, 'ATLAS.yaml') });
    expect(review.notAssessed).toEqual([{ techniqueId: 'AML.T0999', name: 'Imagined Future Technique', reason: 'new in ATLAS 9.0.0 — not yet assessed (no applicability entry)' }]);
  });
});

describe('cross-file references', () => {
  const cases: [string, (text: string) => string, RegExp][] = [
    ['an unknown control id', (t) => t.replace(/control: [a-z-]+/, 'control: no-such-control'), /unknown control "no-such-control"/],
    ['a scope naming a missing asset', (t) => t.replace(/scope: \[([a-z-]+)/, 'scope: [missing-asset'), /scope names asset "missing-asset"/],
  ];
  it.each(cases)('%s → an input error naming the register file', async (_name, mutate, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-refs-'));
    await cp(EXAMPLE, dir, { recursive: true, filter: (src) => !src.endsWith('.test.ts') });
    const register = join(dir, 'register.yaml');
    await writeFile(register, mutate(await readFile(register, 'utf8')));
    const error = await runReview({ inventory: dir, reviewDate }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).describe()).toMatch(message);
    expect((error as RampartError).where.file).toBe(register);
    expect((error as RampartError).where.line).toBeGreaterThan(0);
  });

  it('rejects an exclusion of a technique ATLAS does not define', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-excl-'));
    await writeFile(join(dir, 'inventory.yaml'), 'assets:\n  - id: m\n    name: M\n    element: model\n    kind: classifier\n    notApplicable:\n      - technique: AML.T0998\n        reason: never\n');
    await expect(runReview({ inventory: dir, reviewDate })).rejects.toThrow(/AML\.T0998/);
  });
});
