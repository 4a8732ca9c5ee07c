// `npm run bench detections`: Sigma rules and CACAO playbooks for every detective gap of a generated organisation.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAtlas } from '../src/atlas/load.ts';
import { generateDetections } from '../src/detections/generate.ts';
import { MAPPING_PRESETS, type LogMapping } from '../src/detections/mapping.ts';
import { DEFAULT_TAG_STYLE } from '../src/detections/sigma/tags.ts';
import { generateOrganisation } from '../src/inventory/test-support/generate-organisation.ts';
import { streamReview } from '../src/report/stream/finding-source.ts';
import { runReview } from '../src/review/run-review.ts';

export async function run(): Promise<void> {
  const atlas = await loadAtlas();
  console.log('| assets | findings | detective gaps | Sigma files | playbooks | MB written | generate (no disk) | heap after |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const size of [100, 1_000]) {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-bench-det-'));
    try {
      const { inventory, register } = generateOrganisation(size);
      await writeFile(join(dir, 'inventory.yaml'), inventory);
      await writeFile(join(dir, 'register.yaml'), register);
      const review = await runReview({ inventory: dir, reviewDate: new Date('2026-11-22T00:00:00Z') });
      let gaps = 0;
      let sigma = 0;
      let cacao = 0;
      let bytes = 0;
      const t = performance.now();
      const options = { formats: ['sigma', 'cacao'] as const, mapping: MAPPING_PRESETS.rampart as LogMapping, tagStyle: DEFAULT_TAG_STYLE, canaries: [], allowDestinations: [], atlas };
      for await (const file of generateDetections(streamReview(review), options, () => gaps++)) {
        bytes += Buffer.byteLength(file.content);
        if (file.path.endsWith('.yml')) sigma++;
        else cacao++;
      }
      const elapsed = performance.now() - t;
      const heap = process.memoryUsage().heapUsed / 2 ** 20;
      console.log(`| ${size.toLocaleString('en')} | ${review.findings.length.toLocaleString('en')} | ${gaps.toLocaleString('en')} | ${sigma.toLocaleString('en')} | ${cacao.toLocaleString('en')} | ${(bytes / 2 ** 20).toFixed(1)} | ${(elapsed / 1000).toFixed(2)} s | ${heap.toFixed(0)} MB |`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
