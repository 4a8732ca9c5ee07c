import { describe, expect, it } from 'vitest';
import type { Finding } from '../../assess/finding.ts';
import { syntheticReview } from '../../review/test-support/synthetic-review.ts';
import { REPORT_FORMATS, REPORT_FORMAT_NAMES } from '../formats.ts';
import type { FindingOrder, FindingSource, StreamedReview } from './finding-source.ts';
import { CountingSink } from './sink.ts';

const PER_ASSET = 30;
/** 300,000 findings; the formats that write several kilobytes per finding get 60,000 (still hundreds of megabytes out). */
const ASSETS: Record<string, number> = { default: 10_000, sarif: 2_000, junit: 2_000, ocsf: 2_000, hdf: 2_000 };

/**
 * 300,000 findings made on the fly from one asset's 30, so the test itself holds none of them: whatever memory the
 * writers use is theirs. (Rank order is asset by asset here: the writers do not depend on scores being sorted.)
 */
function largeReview(assets: number): StreamedReview {
  const template = syntheticReview({ assets: 1, techniquesPerAsset: PER_ASSET, seed: 5 });
  const [asset] = template.assets;
  if (!asset) throw new Error('no asset');
  const ids = Array.from({ length: assets }, (_, i) => `asset-${String(i).padStart(5, '0')}`);
  const { findings: sample, ...document } = template;
  async function* read(_order: FindingOrder): AsyncGenerator<Finding> {
    for (const id of ids) for (const f of sample) yield { ...f, id: `${id}/${f.techniqueId}`, assetId: id };
  }
  const findings: FindingSource = { count: ids.length * sample.length, read };
  return { document: { ...document, assets: ids.map((id) => ({ ...asset, id, name: `Asset ${id}` })) }, findings };
}

/** Counts what a writer writes and samples the heap as it goes: the writer never hands over a whole report. */
class SamplingSink extends CountingSink {
  peakHeap = process.memoryUsage().heapUsed;

  override async write(text: string): Promise<void> {
    await super.write(text);
    if (this.writes % 2_000 !== 0) return;
    this.peakHeap = Math.max(this.peakHeap, process.memoryUsage().heapUsed);
    // Let the event loop turn, as a real file or pipe would: a writer over memory alone never yields.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const MB = 1024 * 1024;

describe('a large generated review streams through every format with bounded memory', () => {
  it.each(REPORT_FORMAT_NAMES)('%s', async (name) => {
    const review = largeReview(ASSETS[name] ?? (ASSETS.default as number));
    const before = process.memoryUsage().heapUsed;
    const sink = new SamplingSink();
    await REPORT_FORMATS[name].write(sink, review, { waivers: [] });
    // Reports that list every finding are hundreds of megabytes; held as one string they would blow this bound.
    const perFinding = { json: 1_000, jsonl: 1_000, sarif: 1_000, ocsf: 2_000, hdf: 2_000, junit: 500 }[name as string] ?? 0;
    expect(sink.characters).toBeGreaterThan(perFinding * review.findings.count);
    // The human reports and the Navigator layer summarise: a page, not a dump (HTML lists 10,000 assets' coverage).
    if (name === 'markdown' || name === 'navigator') expect(sink.characters).toBeLessThan(5 * MB);
    if (name === 'html') expect(sink.characters).toBeLessThan(20 * MB);
    expect(sink.tail.trimEnd()).toMatch(/[}\]>]|\n|\S$/);
    // Generous (garbage collection runs when it likes), yet below what holding the output as a string would take.
    expect((sink.peakHeap - before) / MB).toBeLessThan(Math.min(400, Math.max(200, sink.characters / 2 / MB)));
  }, 600_000);
});
