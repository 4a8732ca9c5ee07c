import { describe, expect, it } from 'vitest';
import { RampartError } from '../errors.ts';
import { runCampaign } from './campaign.ts';
import { FAMILIES } from './probe.ts';
import { fakeApp, type FakeKind } from './test-support/fake-apps.ts';

const exploitedFamilies = async (kind: FakeKind) => {
  const app = fakeApp(kind);
  const result = await runCampaign(app, { seed: 11, budget: 2000 });
  return { app, result, exploited: result.families.filter((f) => f.successes > 0).map((f) => f.family) };
};

describe('runCampaign against the simulated apps', () => {
  it.each([
    ['weak', [...FAMILIES]],
    ['filtered', [...FAMILIES]],
    ['hardened', []],
  ] as const)('%s: exploits exactly %j within 2,000 requests', async (kind, expected) => {
    const { app, result, exploited } = await exploitedFamilies(kind);
    expect(exploited.sort()).toEqual([...expected].sort());
    expect(result.stopped).toBeUndefined();
    expect(result.requests).toBeLessThanOrEqual(2000);
    expect(app.target.spent().requests).toBe(result.requests);
    expect(result.families.every((f) => f.completed)).toBe(true);
  });

  it('reaches the filtered app only through transforms or retrieved content', async () => {
    const { result } = await exploitedFamilies('filtered');
    const wins = result.attempts.filter((a) => a.success);
    expect(wins.length).toBeGreaterThan(0);
    expect(wins.filter((a) => a.transforms.length === 0 && a.family !== 'indirect-injection').map((a) => a.probe)).toEqual([]);
  });

  it('reports every technique the weak app exposes, with a Wilson interval and the cheapest probe', async () => {
    const { result } = await exploitedFamilies('weak');
    const exploited = result.techniques.filter((t) => t.successes > 0).map((t) => t.technique);
    for (const id of ['AML.T0051.000', 'AML.T0051.001', 'AML.T0070', 'AML.T0066', 'AML.T0054', 'AML.T0068', 'AML.T0056', 'AML.T0069.000', 'AML.T0069.001', 'AML.T0069.002', 'AML.T0057', 'AML.T0077', 'AML.T0053', 'AML.T0086', 'AML.T0101', 'AML.T0085.001', 'AML.T0034', 'AML.T0034.001', 'AML.T0092']) expect(exploited).toContain(id);
    for (const t of result.techniques) {
      expect(t.interval[0]).toBeLessThanOrEqual(t.rate);
      expect(t.interval[1]).toBeGreaterThanOrEqual(t.rate);
      if (t.successes > 0) expect(t.cheapest?.requestNumbers.length).toBeGreaterThan(0);
    }
  });

  it('gives the same transcripts for the same seed, and other tokens for another seed', async () => {
    const run = async (seed: number) => JSON.stringify((await runCampaign(fakeApp('filtered'), { seed, budget: 300 })).attempts);
    const a = await run(5);
    expect(await run(5)).toBe(a);
    expect(await run(6)).not.toBe(a);
  });

  it('stops on budget exhaustion and keeps partial results', async () => {
    const result = await runCampaign(fakeApp('hardened'), { seed: 1, budget: 25 });
    expect(result.stopped).toBe('budget');
    expect(result.requests).toBe(25);
    expect(result.attempts.length).toBeGreaterThan(5);
    expect(result.families.some((f) => !f.completed)).toBe(true);
  });

  it('stops on a target error, naming the target and the request, and keeps what it has', async () => {
    const result = await runCampaign(fakeApp('weak', { failAt: 12 }), { seed: 1 });
    expect(result.stopped).toBe('target-error');
    expect(result.error).toMatch(/weak-support-app.*request 12/);
    expect(result.attempts.length).toBeGreaterThan(3);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    let seen = 0;
    const result = await runCampaign(fakeApp('hardened'), { seed: 1, signal: controller.signal, onTranscript: () => ++seen === 4 && controller.abort() });
    expect(result.stopped).toBe('aborted');
    expect(result.attempts.length).toBe(4);
  });

  it.each([
    [{ knowledgeBase: false }, 'indirect-injection', /knowledge base/],
    [{ tools: false, callbacks: false }, 'tool-abuse', /no tools/],
    [{ clientHistory: false }, 'history-manipulation', /assistant turns/],
  ] as const)('marks a family it cannot test as skipped (%j)', async (options, family, reason) => {
    const result = await runCampaign(fakeApp('weak', options), { seed: 1, probes: [family] });
    expect(result.attempts).toEqual([]);
    expect(result.families).toEqual([expect.objectContaining({ family, skipped: expect.stringMatching(reason) })]);
  });

  it('runs only the selected families and refuses an unknown one', async () => {
    const result = await runCampaign(fakeApp('weak'), { seed: 1, probes: ['jailbreak/refused-1'] });
    expect(new Set(result.attempts.map((a) => a.family))).toEqual(new Set(['jailbreak']));
    await expect(runCampaign(fakeApp('weak'), { probes: ['jailbrake'] })).rejects.toBeInstanceOf(RampartError);
  });
});
