import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TechniqueId } from '../atlas/ids.ts';
import type { Evidence } from '../checks/contract.ts';
import { generateOrganisation } from '../inventory/test-support/generate-organisation.ts';
import { runReview, stageReview, type ReviewOptions } from './run-review.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const reviewDate = new Date('2026-11-22T00:00:00Z');
const clock = () => new Date('2026-11-22T09:00:00Z');
const folders: string[] = [];

afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function generated(assets: number): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'rampart-staged-'));
  folders.push(folder);
  const { inventory, register } = generateOrganisation(assets);
  await writeFile(join(folder, 'inventory.yaml'), inventory);
  await writeFile(join(folder, 'register.yaml'), register);
  return folder;
}

const pickle: Evidence = {
  checkId: 'model-file/unsafe-deserialization', outcome: 'fail', severity: 'critical', summary: 'REDUCE calls posix.system',
  techniques: ['AML.T0011.000', 'AML.T0018.002'] as TechniqueId[], assets: ['weather-forecast'], target: 'model.pkl', measurements: {},
  pointers: [{ file: 'model.pkl', offset: 40 }], details: {}, startedAt: '2026-11-14T08:00:00.000Z', finishedAt: '2026-11-14T08:00:01.000Z',
};

/**
 * `rampart review` into a store stages the review (findings computed again as they are written, never all held):
 * whatever it stores and reports must be exactly what the review held in memory gives — every finding at its rank,
 * the same roll-ups, plan, paths and key order.
 */
const cases: { name: string; options: () => Promise<ReviewOptions> }[] = [
  { name: 'the example bank', options: () => Promise.resolve({ inventory: join(EXAMPLES, 'acme-bank') }) },
  { name: 'the example bank with an exploited pickle (containment first)', options: () => Promise.resolve({ inventory: join(EXAMPLES, 'acme-bank'), evidence: [pickle] }) },
  { name: 'the CycloneDX ML-BOM example', options: () => Promise.resolve({ inventory: join(EXAMPLES, 'ml-bom') }) },
  { name: 'a generated organisation of 301 assets', options: async () => ({ inventory: await generated(301) }) },
];

// Held: up to HOLD_ASSETS assets the review is analysed once and kept whole; staged: past it (forced here with 0).
const ways = [
  { way: 'staged', holdAssets: 0 },
  { way: 'held', holdAssets: undefined },
];

describe('a review for the store is the review, finding for finding', () => {
  it.each(cases.flatMap((c) => ways.map((w) => ({ ...c, ...w }))))('$name ($way)', async ({ options, holdAssets, way }) => {
    const base = { ...(await options()), reviewDate, clock };
    const whole = await runReview(base);
    const staged = await stageReview(base, holdAssets);
    // Only a held review carries its findings: a staged one must not keep them all.
    expect(staged.held === undefined).toBe(way === 'staged');
    if (staged.held) expect(JSON.stringify({ ...staged.document, findings: staged.held })).toBe(JSON.stringify(whole));
    const findings: unknown[] = [];
    const ranks = new Set<number>();
    for (const { rank, finding } of staged.findings()) {
      ranks.add(rank);
      findings[rank] = finding;
    }
    expect(ranks.size).toBe(whole.findings.length);
    expect([...staged.ranked].map((g) => g.id)).toEqual(whole.findings.map((f) => f.id));
    expect(JSON.stringify({ ...staged.document, findings })).toBe(JSON.stringify(whole));
    if (base.evidence) expect(staged.document.plan[0]).toMatchObject({ action: 'contain', assets: ['weather-forecast'] });
  });
});

it('a staged review (held reviews, up to HOLD_ASSETS, are not staged), once released, holds no gists and refuses another pass', async () => {
  const staged = await stageReview({ inventory: join(EXAMPLES, 'acme-bank'), reviewDate, clock }, 0);
  expect(staged.ranked.length).toBeGreaterThan(0);
  staged.release();
  expect(staged.ranked).toHaveLength(0);
  expect(() => [...staged.findings()]).toThrow(/released/);
});
