import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TechniqueId } from '../atlas/ids.ts';
import type { Evidence } from '../checks/contract.ts';
import type { FindingChange } from '../review/diff.ts';
import { runReview } from '../review/run-review.ts';
import { executiveSummary } from './executive.ts';
import { renderHtml } from './html/page.ts';
import { renderMarkdown } from './markdown.ts';
import { renderSummary } from './summary.ts';

const pickle: Evidence = {
  checkId: 'model-file/unsafe-deserialization', outcome: 'fail', severity: 'critical', summary: 'REDUCE calls os.system',
  techniques: ['AML.T0011.000'] as TechniqueId[], assets: ['sentiment-model'], target: 'models/sentiment.pkl', measurements: {},
  pointers: [{ file: 'models/sentiment.pkl' }], details: {}, startedAt: '2026-11-14T08:00:00.000Z', finishedAt: '2026-11-14T08:00:01.000Z',
};
const review = await runReview({ inventory: fileURLToPath(new URL('../assess/held-out/startup', import.meta.url)), reviewDate: new Date('2026-11-15T00:00:00Z'), evidence: [pickle] });
const regressed: FindingChange[] = [{ id: 'writing-agent/AML.T0051.000', assetId: 'writing-agent', techniqueId: 'AML.T0051.000', before: { coverage: 'prevented', score: 4, level: 'medium' }, after: { coverage: 'blind-spot', score: 12, level: 'high' }, reasons: ['coverage prevented → blind spot'] }];

describe('the executive page', () => {
  it('holds five actions with owner and due date, containment first, what is exploited and what regressed', () => {
    const summary = executiveSummary(review, regressed);
    expect(summary.actions).toHaveLength(5);
    expect(summary.actions[0]).toMatchObject({ action: 'contain', owner: 'ml', due: '2026-11-15' });
    for (const a of summary.actions) expect(a.owner).not.toBe('');
    expect(summary.exploited).toContainEqual({ assetId: 'sentiment-model', techniqueId: 'AML.T0011.000', techniqueName: expect.any(String), checks: ['model-file/unsafe-deserialization'] });
    expect(summary.exploited.every((e) => e.assetId === 'sentiment-model')).toBe(true);
    expect(summary.regressed).toEqual(regressed);
    expect(summary.gaps.every((f) => f.role !== 'consequence')).toBe(true);
  });

  it.each([
    ['HTML', renderHtml(review, { regressed }), 'id="executive"', 'id="matrix"'],
    ['Markdown', renderMarkdown(review), '## What to do first', '## Summary'],
    ['text summary', renderSummary(review), 'What to do first:', 'Top '],
  ])('comes first in the %s report', async (_format, rendered, first, later) => {
    const text = await rendered;
    expect(text.indexOf(first)).toBeGreaterThan(-1);
    expect(text.indexOf(first)).toBeLessThan(text.indexOf(later));
    expect(text).toContain('Quarantine models/sentiment.pkl');
  });
});
