// `npm run bench upgrade`: what telling an ATLAS upgrade from a change of posture costs — the review diff with
// causes, between reviews under ATLAS 4.9.1 and 5.6.0 — and the defaulted-attributes pass of every review.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadApplicability } from '../src/assess/applicability.ts';
import { defaultedAttributes } from '../src/assess/defaulted-attributes.ts';
import { loadAtlas } from '../src/atlas/load.ts';
import { loadInventory } from '../src/inventory/load.ts';
import { generateOrganisation } from '../src/inventory/test-support/generate-organisation.ts';
import { diffReviews } from '../src/review/diff.ts';
import { runReview } from '../src/review/run-review.ts';

const OLD_ATLAS = join(import.meta.dirname, '../test/fixtures/atlas/ATLAS-4.9.1.yaml');

export async function run(): Promise<void> {
  console.log('| assets | findings (5.6.0) | defaulted attributes | diff 4.9.1 → 5.6.0 with causes | organisational regressions |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const size of [1_000, 10_000]) {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-bench-upgrade-'));
    try {
      const { inventory, register } = generateOrganisation(size);
      await writeFile(join(dir, 'inventory.yaml'), inventory);
      await writeFile(join(dir, 'register.yaml'), register);
      const reviewDate = new Date('2026-11-22T00:00:00Z');
      const [loaded, applicability, atlas] = await Promise.all([loadInventory(dir), loadApplicability(), loadAtlas()]);
      let t = performance.now();
      const rows = defaultedAttributes(loaded.assets, applicability.entries, (id) => atlas.techniques.has(id));
      const defaultedMs = performance.now() - t;
      const older = await runReview({ inventory: dir, atlasFile: OLD_ATLAS, reviewDate });
      const newer = await runReview({ inventory: dir, reviewDate });
      t = performance.now();
      const diff = diffReviews(older, newer);
      const diffMs = performance.now() - t;
      const organisational = diff.regressed.filter((c) => c.cause === 'organisation').length;
      console.log(`| ${size.toLocaleString('en')} | ${newer.findings.length.toLocaleString('en')} | ${ms(defaultedMs)} (${rows.length.toLocaleString('en')} assets listed) | ${ms(diffMs)} (${diff.regressed.length.toLocaleString('en')} regressed) | ${organisational} |`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
