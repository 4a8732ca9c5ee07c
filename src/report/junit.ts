import type { Finding } from '../assess/finding.ts';
import type { Review } from '../review/review.ts';
import { assetCards, type AssetCard } from './stream/asset-source.ts';
import { runsOf, streamReview, type StreamedReview } from './stream/finding-source.ts';
import { withSpill } from './stream/spill.ts';
import { collect, type Sink } from './stream/sink.ts';
import { activeWaiver, CLAIMED_FAILS_FROM, verdictOf, type FormatContext, type Verdict } from './format-context.ts';
import { findingSummary, inventoryPath, planText, trailText } from './interchange-shared.ts';
import { attributes, xmlText } from './junit-xml.ts';
import { COVERAGE_LABEL } from './labels.ts';

/**
 * JUnit XML for CI test reports: one test suite per asset, one test case per ATLAS technique that
 * applies to it. Suites follow assets because the CI question is "which model or pipeline fails its
 * review", and a failing asset then shows as one red suite with its techniques inside.
 * Failure: exploited, blind spot, or claimed-but-unproven at risk CLAIMED_FAILS_FROM or higher.
 * Skipped: a waiver in force. Everything else passes, with its reasoning in system-out.
 */
export async function writeJunit(out: Sink, review: StreamedReview, context: FormatContext): Promise<void> {
  const doc = review.document;
  const assets = await assetCards(review.assets);
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const tests = (c: Record<Verdict, number>) => c.passed + c.failed + c.skipped;
  const timestamp = doc.generatedAt.replace(/\.\d+Z$|Z$/, '');

  const suite = (asset: AssetCard, counts: Record<Verdict, number>, cases: readonly string[]) => {
    const where = asset.source.line ? `${inventoryPath(doc, asset.source.file)}:${asset.source.line}` : inventoryPath(doc, asset.source.file);
    const properties = [
      ['asset.id', asset.id],
      ['asset.name', asset.name],
      ['asset.element', asset.element],
      ['asset.kind', asset.kind],
      ['asset.criticality', asset.criticality],
      ['asset.owner', asset.owner ?? ''],
      ['asset.source', where],
      ['atlas.version', doc.atlasVersion],
    ].map(([name, value]) => `      <property${attributes({ name, value })}/>`);
    const head = `  <testsuite${attributes({ name: `${asset.id} (${asset.name})`, tests: tests(counts), failures: counts.failed, errors: 0, skipped: counts.skipped, time: 0, timestamp, file: inventoryPath(doc, asset.source.file) })}>`;
    return `${[head, '    <properties>', ...properties, '    </properties>', ...cases].join('\n')}\n  </testsuite>\n`;
  };

  const written = new Set<string>();
  await withSpill(async (suites) => {
    // The root carries the totals, so the suites, one asset's findings at a time in the order the source groups them,
    // go to a spill while the findings are read once; a suite's own counts come from its findings, held until it ends.
    for await (const run of runsOf(review.findings.read('asset'), (f) => f.assetId)) {
      const asset = assets.get(run.key);
      if (!asset || written.has(run.key)) continue;
      written.add(run.key);
      const counts = { passed: 0, failed: 0, skipped: 0 };
      const cases: string[] = [];
      for await (const f of run.items) {
        const verdict = verdictOf(f, context);
        counts[verdict] += 1;
        totals[verdict] += 1;
        cases.push(testCase(f, verdict, context, asset.name));
      }
      await suites.sink.write(suite(asset, counts, cases));
    }
    const root = attributes({ name: `ATLAS review — ${doc.organisation} — ${doc.reviewDate}`, tests: tests(totals), failures: totals.failed, errors: 0, skipped: totals.skipped, time: 0 });
    await out.write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${root}>\n`);
    await suites.copyTo(out);
  });
  // Assets without findings last.
  for await (const asset of review.assets.snapshots()) if (!written.has(asset.id)) await out.write(suite(asset, { passed: 0, failed: 0, skipped: 0 }, []));
  await out.write('</testsuites>\n');
}

export function renderJunit(review: Review, context: FormatContext): Promise<string> {
  return collect((out) => writeJunit(out, streamReview(review), context));
}

function testCase(f: Finding, verdict: Verdict, context: FormatContext, assetName: string): string {
  const open = `    <testcase${attributes({ name: `${f.techniqueId} ${f.techniqueName}`, classname: `atlas.${f.assetId}`, time: 0 })}>`;
  const details = `${findingSummary(f, context)}\n\nReasoning:\n${trailText(f)}\n\nPlan: ${planText(f)}`;
  if (verdict === 'skipped') {
    const waiver = activeWaiver(context, f.id);
    const message = waiver ? `waived until ${waiver.expires} by ${waiver.approver}: ${waiver.justification}` : 'waived';
    return [open, `      <skipped${attributes({ message })}/>`, `      <system-out>${xmlText(details)}</system-out>`, '    </testcase>'].join('\n');
  }
  if (verdict === 'failed') {
    const why = f.coverage === 'claimed' ? `claimed but unproven at ${f.risk.level} risk (fails from ${CLAIMED_FAILS_FROM})` : COVERAGE_LABEL[f.coverage];
    const message = `${why} on ${assetName}; risk ${f.risk.score} (${f.risk.level})`;
    return [open, `      <failure${attributes({ message, type: f.coverage })}>${xmlText(details)}</failure>`, '    </testcase>'].join('\n');
  }
  return [open, `      <system-out>${xmlText(details)}</system-out>`, '    </testcase>'].join('\n');
}
