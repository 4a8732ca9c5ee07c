import { describe, expect, it } from 'vitest';
import type { FormatContext } from './format-context.ts';
import { aReview } from './interchange-fixture.ts';
import { sarifValidator } from './interchange-schemas.ts';
import { FINGERPRINT_KEY, renderSarif } from './sarif.ts';

interface Result {
  ruleId: string;
  level: string;
  message: { text: string };
  locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status: string; justification: string }[];
  baselineState?: string;
  properties: { asset: string };
}
interface Rule { id: string; properties: { tags: string[]; 'security-severity': string } }
interface Log { runs: { tool: { driver: { rules: Rule[] } }; results: Result[] }[] }

const context: FormatContext = {
  waivers: [
    { findingId: 'fraud-model/AML.T0020', justification: 'compensating manual review', approver: 'ciso@acme', expires: '2027-01-31', expired: false },
    { findingId: 'chatbot/AML.T0051', justification: 'old', approver: 'cto@acme', expires: '2026-01-01', expired: true },
  ],
  baseline: new Map([['fraud-model/AML.T0024', 'new'], ['chatbot/AML.T0051', 'unchanged']]),
};
const rendered = { withContext: await renderSarif(aReview(), context), without: await renderSarif(aReview(), { waivers: [] }) };
/** A fresh parse each call (tests mutate what they get): with the waivers and baseline above, or with none. */
const render = (ctx: FormatContext = context) => JSON.parse(ctx === context ? rendered.withContext : rendered.without) as Log;
const result = (log: Log, asset: string, technique: string) => log.runs[0]?.results.find((r) => r.properties.asset === asset && r.ruleId === technique);

describe('renderSarif', () => {
  const validate = sarifValidator();

  it('is valid against the official SARIF 2.1.0 schema, with and without context', () => {
    for (const ctx of [context, { waivers: [] }]) {
      expect(validate(render(ctx)), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('the schema check can fail: a result without a message is rejected', () => {
    const log = render();
    delete (log.runs[0]?.results[0] as Partial<Result>).message;
    expect(validate(log)).toBe(false);
  });

  it('has one rule per technique with security-severity and ATLAS tags', () => {
    const rules = render().runs[0]?.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(['AML.T0010.001', 'AML.T0020', 'AML.T0024', 'AML.T0051']);
    const exfil = rules.find((r) => r.id === 'AML.T0024');
    expect(exfil?.properties.tags).toEqual(expect.arrayContaining(['security', 'mitre-atlas', 'AML.T0024', 'AML.TA0010', 'external/atlas/aml.t0024']));
    // The highest risk on the technique (16, critical) sets the rule's severity: GitHub's critical band.
    expect(Number(exfil?.properties['security-severity'])).toBeGreaterThan(9);
  });

  it.each([
    ['fraud-model', 'AML.T0024', true, 'error'],
    ['chatbot', 'AML.T0024', false, ''], // prevented at low risk: not reported
    ['chatbot', 'AML.T0020', false, ''], // both, low
    ['fraud-model', 'AML.T0020', true, 'warning'], // detected only: still a gap
    ['chatbot', 'AML.T0010.001', true, 'note'], // claimed, low risk
  ])('reports %s × %s: %s (level %s)', (asset, technique, reported, level) => {
    const r = result(render(), asset, technique);
    expect(r !== undefined).toBe(reported);
    if (r) expect(r.level).toBe(level);
  });

  it('points at the inventory file and line of the asset', () => {
    const log = render();
    expect(result(log, 'fraud-model', 'AML.T0024')?.locations?.[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'examples/acme-bank/inventory.yaml' }, region: { startLine: 12 } });
    expect(result(log, 'chatbot', 'AML.T0051')?.locations?.[0]?.physicalLocation.region?.startLine).toBe(40);
  });

  it('turns waivers in force into accepted external suppressions, and ignores expired ones', () => {
    const log = render();
    expect(result(log, 'fraud-model', 'AML.T0020')?.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: expect.stringContaining('compensating manual review') as string }]);
    const expired = result(log, 'chatbot', 'AML.T0051');
    expect(expired?.suppressions).toBeUndefined();
    expect(expired?.message.text).toContain('expired on 2026-01-01');
  });

  it('sets baselineState from the diff only when there is one', () => {
    expect(result(render(), 'fraud-model', 'AML.T0024')?.baselineState).toBe('new');
    expect(result(render(), 'chatbot', 'AML.T0051')?.baselineState).toBe('unchanged');
    expect(result(render({ waivers: [] }), 'fraud-model', 'AML.T0024')?.baselineState).toBeUndefined();
  });

  it('fingerprints by asset and technique, stable when scores and wording change', async () => {
    const review = aReview();
    const before = JSON.parse(await renderSarif(review, context)) as Log;
    const finding = review.findings[0];
    if (finding) finding.risk = { ...finding.risk, score: 20 };
    const after = JSON.parse(await renderSarif({ ...review, generatedAt: '2027-01-01T00:00:00Z' }, context)) as Log;
    expect(result(after, 'fraud-model', 'AML.T0024')?.partialFingerprints).toEqual(result(before, 'fraud-model', 'AML.T0024')?.partialFingerprints);
    expect(result(after, 'fraud-model', 'AML.T0024')?.partialFingerprints[FINGERPRINT_KEY]).toBe('fraud-model/AML.T0024');
  });

  it('keeps hostile inventory text intact as JSON data', () => {
    const log = render();
    expect(JSON.stringify(log)).toContain('Fraud <model> & \\"scorer\\"');
  });
});
