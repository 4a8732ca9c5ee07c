// `npm run bench review`: end-to-end reviews (read YAML, analyse, render reports) of generated organisations.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateOrganisation } from '../src/inventory/test-support/generate-organisation.ts';
import { writeHtml } from '../src/report/html/page.ts';
import { writeMarkdown } from '../src/report/markdown.ts';
import { writeReviewJson } from '../src/report/review-json.ts';
import { streamReview } from '../src/report/stream/finding-source.ts';
import { CountingSink } from '../src/report/stream/sink.ts';
import { runReview } from '../src/review/run-review.ts';

export async function run(): Promise<void> {
  // Warm the loaders (ATLAS, applicability and control library are cached per process).
  await reviewOf(100);
  console.log('| assets | findings | review (load + analyse) | JSON | Markdown + HTML | per asset |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const size of [1_000, 10_000]) {
    const r = await reviewOf(size);
    console.log(`| ${size.toLocaleString('en')} | ${r.findings.toLocaleString('en')} | ${ms(r.review)} | ${ms(r.json)} | ${ms(r.reports)} | ${((r.review / size) * 1000).toFixed(0)} µs |`);
  }
}

async function reviewOf(size: number) {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-bench-'));
  try {
    const { inventory, register } = generateOrganisation(size);
    await writeFile(join(dir, 'inventory.yaml'), inventory);
    await writeFile(join(dir, 'register.yaml'), register);
    let t = performance.now();
    const review = await runReview({ inventory: dir, reviewDate: new Date('2026-11-22T00:00:00Z') });
    const reviewMs = performance.now() - t;
    t = performance.now();
    await writeReviewJson(new CountingSink(), streamReview(review));
    const jsonMs = performance.now() - t;
    t = performance.now();
    await writeMarkdown(new CountingSink(), streamReview(review));
    await writeHtml(new CountingSink(), streamReview(review));
    const reportsMs = performance.now() - t;
    return { findings: review.findings.length, review: reviewMs, json: jsonMs, reports: reportsMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
