import type { Finding } from '../assess/finding.ts';
import type { Review } from '../review/review.ts';
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
export function renderJunit(review: Review, context: FormatContext): string {
  const byAsset = new Map<string, Finding[]>();
  for (const f of review.findings) byAsset.set(f.assetId, [...(byAsset.get(f.assetId) ?? []), f]);
  const timestamp = review.generatedAt.replace(/\.\d+Z$|Z$/, '');

  const suites: string[] = [];
  const totals = { tests: 0, failures: 0, skipped: 0 };
  for (const asset of review.assets) {
    const findings = (byAsset.get(asset.id) ?? []).slice().sort((a, b) => a.techniqueId.localeCompare(b.techniqueId));
    const verdicts = findings.map((f) => verdictOf(f, context));
    const count = (v: Verdict) => verdicts.filter((x) => x === v).length;
    const suite = { tests: findings.length, failures: count('failed'), skipped: count('skipped') };
    totals.tests += suite.tests;
    totals.failures += suite.failures;
    totals.skipped += suite.skipped;
    const where = asset.source.line ? `${inventoryPath(review, asset.source.file)}:${asset.source.line}` : inventoryPath(review, asset.source.file);
    const properties = [
      ['asset.id', asset.id],
      ['asset.name', asset.name],
      ['asset.element', asset.element],
      ['asset.kind', asset.kind],
      ['asset.criticality', asset.criticality],
      ['asset.owner', asset.owner ?? ''],
      ['asset.source', where],
      ['atlas.version', review.atlasVersion],
    ].map(([name, value]) => `      <property${attributes({ name, value })}/>`);
    const cases = findings.map((f, i) => testCase(f, verdicts[i] as Verdict, context, asset.name));
    suites.push(
      [
        `  <testsuite${attributes({ name: `${asset.id} (${asset.name})`, tests: suite.tests, failures: suite.failures, errors: 0, skipped: suite.skipped, time: 0, timestamp, file: inventoryPath(review, asset.source.file) })}>`,
        '    <properties>',
        ...properties,
        '    </properties>',
        ...cases,
        '  </testsuite>',
      ].join('\n'),
    );
  }

  const root = attributes({ name: `ATLAS review — ${review.organisation} — ${review.reviewDate}`, tests: totals.tests, failures: totals.failures, errors: 0, skipped: totals.skipped, time: 0 });
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${root}>`, ...suites, '</testsuites>', ''].join('\n');
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
