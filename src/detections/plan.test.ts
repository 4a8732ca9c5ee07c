import { beforeAll, describe, expect, it } from 'vitest';
import { loadAtlas } from '../atlas/load.ts';
import { runReview } from '../review/run-review.ts';
import type { Review } from '../review/review.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { renderHtml } from '../report/html/page.ts';
import { streamReview } from '../report/stream/finding-source.ts';
import { generateDetections, type GapOutcome } from './generate.ts';
import { MAPPING_PRESETS, type LogMapping } from './mapping.ts';
import { detectionCollector } from './plan.ts';
import { DEFAULT_TAG_STYLE } from './sigma/tags.ts';

const EXAMPLE = new URL('../../examples/acme-bank', import.meta.url).pathname;
let review: Review;
beforeAll(async () => {
  review = await runReview({ inventory: EXAMPLE, reviewDate: new Date('2026-12-01T00:00:00Z') });
});

describe('the plan\'s "Detections to deploy"', () => {
  it('lists the same gaps and files that rampart detections writes', async () => {
    const collector = detectionCollector(new Map(review.assets.map((a) => [a.id, a])), 1000);
    for (const f of review.findings) collector.observe(f);
    const outcomes: GapOutcome[] = [];
    const written = new Set<string>();
    const options = { formats: ['sigma', 'cacao'] as const, mapping: MAPPING_PRESETS.rampart as LogMapping, tagStyle: DEFAULT_TAG_STYLE, canaries: [], allowDestinations: [], atlas: await loadAtlas() };
    for await (const f of generateDetections(streamReview(review), options, (o) => outcomes.push(o))) written.add(f.path);
    expect(collector.plan.count).toBe(outcomes.length);
    expect(collector.plan.rules).toBe([...written].filter((p) => p.endsWith('.yml')).length);
    for (const p of collector.plan.listed) {
      for (const path of [...p.rules, p.playbook]) expect(written, path).toContain(path);
    }
  });

  it('keeps only the first gaps in full, so a large review does not hold them all', () => {
    const collector = detectionCollector(new Map(review.assets.map((a) => [a.id, a])), 5);
    for (const f of review.findings) collector.observe(f);
    expect(collector.plan.listed).toHaveLength(5);
    expect(collector.plan.count).toBeGreaterThan(5);
  });

  it('appears in the Markdown and HTML reports, under the plan', async () => {
    const md = await renderMarkdown(review);
    const section = md.slice(md.indexOf('### Detections to deploy'));
    expect(md.indexOf('## Remediation plan')).toBeLessThan(md.indexOf('### Detections to deploy'));
    expect(section).toMatch(/\| support-assistant · AML\.T0054 LLM Jailbreak \| claimed controls without evidence[^|]* \| sigma\/support-assistant\/jailbreak\.yml \| cacao\/support-assistant\/AML\.T0054\.json \| digital-channels \|/);
    const html = await renderHtml(review);
    expect(html).toContain('<a href="#detections">Detections</a>');
    expect(html).toMatch(/<section id="detections">[\s\S]*<code>cacao\/support-assistant\/AML\.T0054\.json<\/code>/);
  });
});
