import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import type { FormatContext } from './format-context.ts';
import { REPORT_FORMATS, type ReportFormatName } from './formats.ts';
import { memoryAssets } from './stream/asset-source.ts';
import { arraySource, type FindingOrder, type FindingSource, type StreamedReview } from './stream/finding-source.ts';
import { collect } from './stream/sink.ts';

/**
 * HDF, SARIF and JUnit put figures that need every finding (totals, a checksum, rule indexes) before the findings'
 * own entries; they read the findings once and spill what comes later (stream/spill.ts) instead of reading the store
 * again. Each read of a stored review's findings parses and checks every one, so the number of reads is the cost.
 */
const review = syntheticReview({ assets: 60, seed: 11 });
const context: FormatContext = {
  waivers: [{ findingId: review.findings[3]?.id ?? '', justification: 'accepted', approver: 'ciso', expires: '2099-01-01', expired: false }],
};

function counted(source: FindingSource): { source: FindingSource; reads: FindingOrder[] } {
  const reads: FindingOrder[] = [];
  return { reads, source: { count: source.count, read: (order) => (reads.push(order), source.read(order)) } };
}

async function render(format: ReportFormatName): Promise<{ text: string; reads: FindingOrder[] }> {
  const { findings, ...document } = review;
  const { source, reads } = counted(arraySource(findings, review.assets.map((a) => a.id)));
  const streamed: StreamedReview = { document, assets: memoryAssets(review), findings: source };
  return { text: await collect((out) => REPORT_FORMATS[format].write(out, streamed, context)), reads };
}

describe('reports read the findings once', () => {
  it.each(Object.keys(REPORT_FORMATS) as ReportFormatName[])('%s', async (format) => {
    expect((await render(format)).reads).toHaveLength(1);
  });
});

describe('what the single pass fills in ahead of the findings', () => {
  it("HDF: the statistics count the controls' statuses and the checksum is over the controls as written", async () => {
    const hdf = JSON.parse((await render('hdf')).text) as {
      version: string;
      statistics: { controls: Record<string, { total: number }> };
      profiles: { version: string; sha256: string; controls: { id: string; results: { status: string }[] }[]; groups: { id: string; controls: string[] }[] }[];
    };
    const profile = hdf.profiles[0];
    const controls = profile?.controls ?? [];
    expect(controls).toHaveLength(review.findings.length);
    const statuses: Record<string, number> = { passed: 0, failed: 0, skipped: 0 };
    for (const c of controls) {
      const status = c.results[0]?.status ?? 'none';
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    expect(statuses.skipped).toBe(1);
    expect(hdf.statistics.controls).toEqual({ passed: { total: statuses.passed }, failed: { total: statuses.failed }, skipped: { total: statuses.skipped } });
    const hashed = JSON.stringify({ name: 'rampart-atlas-review', version: profile?.version, controls });
    expect(profile?.sha256).toBe(createHash('sha256').update(hashed).digest('hex'));
    expect(profile?.groups.map((g) => g.id)).toEqual(review.assets.map((a) => a.id));
    expect(profile?.groups.flatMap((g) => g.controls)).toEqual(controls.map((c) => c.id));
  });

  it("SARIF: every result's rule index points at its rule", async () => {
    const log = JSON.parse((await render('sarif')).text) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[] };
    const run = log.runs[0];
    expect(run?.results.length).toBeGreaterThan(100);
    for (const r of run?.results ?? []) expect(run?.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual([...new Set(review.findings.map((f) => f.techniqueId))].sort());
  });

  it("JUnit: the root's totals are the sums of the suites', every asset has its suite", async () => {
    const xml = (await render('junit')).text;
    const number = (tag: string, name: string) => [...xml.matchAll(new RegExp(`<${tag} [^>]*\\b${name}="(\\d+)"`, 'g'))].map((m) => Number(m[1]));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(number('testsuite', 'tests')).toHaveLength(review.assets.length);
    for (const name of ['tests', 'failures', 'skipped']) expect(number('testsuites', name)).toEqual([sum(number('testsuite', name))]);
    expect(number('testsuites', 'tests')).toEqual([review.findings.length]);
    expect(number('testsuites', 'skipped')).toEqual([1]);
    expect(xml.match(/<testcase /g)).toHaveLength(review.findings.length);
  });
});
