import { describe, expect, it } from 'vitest';
import type { StoredReviewMeta } from '../../review/history.ts';
import { renderTrend } from './trend-section.ts';

const meta = (id: number, covered: number, levels: [number, number, number, number], runBy = 'ana'): StoredReviewMeta => ({
  id,
  storedAt: '2026-11-01T10:00:00.000Z',
  runBy,
  organisation: 'Acme',
  reviewDate: `2026-0${id}-01`,
  generatedAt: '2026-11-01T10:00:00.000Z',
  atlasVersion: '5.6.0',
  rampartVersion: '0.1.0',
  assetCount: 3,
  findingCount: levels.reduce((a, b) => a + b, 0),
  summary: { covered, riskTotal: 10, riskMax: 5, levels: { critical: levels[0], high: levels[1], medium: levels[2], low: levels[3] }, byCoverage: { exploited: 0, 'blind-spot': 0, claimed: 0, detected: 0, prevented: 0, both: 0 } },
});

describe('renderTrend', () => {
  it.each([
    { name: 'one bar segment per non-empty level, one point per review', history: [meta(1, 0.2, [1, 2, 0, 3]), meta(2, 0.5, [0, 1, 1, 1])], rects: 6, circles: 2 },
    { name: 'oldest first whatever order the store lists them in', history: [meta(3, 0.9, [0, 0, 0, 1]), meta(1, 0.1, [1, 0, 0, 0])], rects: 2, circles: 2 },
  ])('$name', ({ history, rects, circles }) => {
    const svg = renderTrend(history).__html;
    expect(svg.match(/<rect /g)?.length).toBe(rects);
    expect(svg.match(/<circle /g)?.length).toBe(circles);
    expect(svg.indexOf('#1<')).toBeLessThan(svg.indexOf(`#${history[0]!.id === 1 ? 2 : 3}<`));
    expect(svg).not.toMatch(/<script/);
  });

  it('escapes what users typed', () => {
    expect(renderTrend([meta(1, 0.5, [1, 0, 0, 0], '<img src=x onerror=alert(1)>')]).__html).not.toMatch(/<img/);
  });

  it('says so when nothing is stored', () => {
    expect(renderTrend([]).__html).toMatch(/No stored reviews yet/);
  });
});
