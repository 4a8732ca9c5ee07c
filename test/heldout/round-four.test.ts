import { describe, expect, it } from 'vitest';
import { finding, planText, reviewOf, topTen, trailOf } from './support.ts';

/**
 * The fourth round of held-out organisations: the verdicts of expected-round-4.md, written before the first review.
 * The theme: attacks that do not come through the front door the controls guard — a camera, a car in the street, an
 * e-mail, a published set of weights.
 */
const [veyra, carrow, helix] = await Promise.all([reviewOf('veyra'), reviewOf('carrow'), reviewOf('helix')]);

describe('round four: Veyra — a perception network on 12,000 cars', () => {
  it('no query control counts on a network that answers no queries: rate limiting and SecOC are not credited', () => {
    for (const id of ['perception-net/AML.T0043', 'perception-net/AML.T0043.003']) {
      const f = finding(veyra, id);
      expect(f.controls, id).toEqual([]);
      expect(f.coverage, id).toBe('blind-spot');
    }
    expect(trailOf(veyra, 'perception-net/AML.T0043.003')).toMatch(/perception-net answers no queries; its inputs come from the physical world it senses \(where veyra-fleet is, public\)/);
    expect(finding(veyra, 'perception-net/AML.T0043.003').risk.factors).toMatchObject({ access: 'physical', exposure: 'public' });
  });

  it('physical attacks are scored where the cars are, in the street, not as an internal model', () => {
    expect(finding(veyra, 'perception-net/AML.T0041').risk.factors).toMatchObject({ access: 'physical', exposure: 'public' });
    expect(finding(veyra, 'perception-net/AML.T0041').risk.level).not.toBe('low');
  });

  it('weights on cars the public holds: full model access is a copy anyone can take, and store-side controls do not reach it', () => {
    const f = finding(veyra, 'perception-net/AML.T0044');
    expect(f.risk.factors).toMatchObject({ access: 'model-copy', exposure: 'public' });
    expect(f.risk.level).toMatch(/high|critical/);
    expect(trailOf(veyra, 'perception-net/AML.T0044')).toMatch(/its weights are on veyra-fleet, edge devices the public holds; this is done on a copy, offline/);
    // Registry access control on the OTA backend protects the copy in the backend, not the one in the car.
    expect(f.plan.actions.map((a) => a.control)).not.toContain('model-registry-access-control');
    expect(f.plan.actions.map((a) => a.control)).toContain('server-side-model-serving');
  });

  it('Uptane signing still counts against a tampered model file, carried from the OTA backend', () => {
    expect(finding(veyra, 'perception-net/AML.T0010.003').controls).toContain('model-artifact-signing');
  });

  it('an action against adversarial inputs on the perception network is in the top ten', () => {
    const wanted = ['adversarial-input-detection', 'adversarial-training', 'adversarial-robustness-testing', 'redundant-sensor-cross-checking'];
    expect(topTen(veyra).some((p) => p.assets.includes('perception-net') && wanted.includes(p.control)), planText(veyra)).toBe(true);
  });

  it('fleet clips poison the network: assessed, bucket IAM not credited, a data action first', () => {
    expect(finding(veyra, 'fleet-clips/AML.T0020').controls).toEqual([]);
    expect(finding(veyra, 'fleet-clips/AML.T0020').plan.actions[0]?.control).toMatch(/training-data-provenance|training-data-validation/);
    expect(finding(veyra, 'perception-net/AML.T0020').risk.level).toMatch(/high|critical/);
  });
});

describe('round four: Carrow — an agent that acts on e-mails anyone can send', () => {
  it('indirect injection through the e-mails is critical, whatever signs staff in to the console', () => {
    const f = finding(carrow, 'inbox-agent/AML.T0051.001');
    expect(f.risk.level).toBe('critical');
    expect(f.controls).toEqual([]);
    expect(trailOf(carrow, 'inbox-agent/AML.T0051.001')).toMatch(/inbox-agent retrieves content outsiders write \(retrievesUntrustedContent\) and none of customer-emails, servicing-policies is recorded as written from outside/);
  });

  it.each(['inbox-agent/AML.T0053', 'inbox-agent/AML.T0086'])('%s is driven by the e-mail sender: scored at the e-mails’ reach, not the console’s', (id) => {
    const f = finding(carrow, id);
    expect(f.risk.factors).toMatchObject({ access: 'retrieved-content', exposure: 'public' });
    expect(f.risk.level).toMatch(/high|critical/);
    for (const c of ['model-api-authentication', 'inference-rate-limiting', 'agent-action-human-approval']) expect(f.controls, `${id} ${c}`).not.toContain(c);
    expect(trailOf(carrow, id)).toMatch(/inbox-agent acts with tools on content it retrieves \(customer-emails, servicing-policies\), which is written by the public/);
  });

  it('a console rate limit does not slow what a flood of e-mails costs', () => {
    expect(finding(carrow, 'inbox-agent/AML.T0034.002').controls).not.toContain('inference-rate-limiting');
  });

  it('trust labelling of the e-mails and the approval gap on refunds are in the top ten', () => {
    const top = topTen(carrow);
    expect(top.some((p) => p.assets.includes('inbox-agent') && ['retrieval-source-trust-labelling', 'rag-content-sanitisation'].includes(p.control)), planText(carrow)).toBe(true);
    expect(top.some((p) => p.assets.includes('inbox-agent') && ['agent-action-human-approval', 'untrusted-context-tool-restriction', 'agent-least-privilege-identity'].includes(p.control)), planText(carrow)).toBe(true);
  });

  it('the MCP server with no authentication is open: MFA by selector does not count, and authenticating it is in the plan', () => {
    expect(finding(carrow, 'mcp-core-banking/AML.T0012').coverage).not.toMatch(/prevented|both/);
    expect(topTen(carrow).some((p) => p.assets.includes('mcp-core-banking') && ['ml-platform-mfa', 'model-api-authentication'].includes(p.control)), planText(carrow)).toBe(true);
    expect(finding(carrow, 'mcp-confluence/AML.T0010.001').coverage).toBe('blind-spot');
  });
});

describe('round four: Helix — published weights trained on restricted genomes', () => {
  it.each(['variant-effect-model/AML.T0024.000', 'variant-effect-model/AML.T0024.001', 'variant-effect-model/AML.T0042'])('%s is done on the published weights: the demo API’s limits, logs and rounding are not credited', (id) => {
    const f = finding(helix, id);
    expect(f.controls, id).toEqual([]);
    expect(f.risk.factors).toMatchObject({ access: 'model-copy', exposure: 'public' });
    expect(trailOf(helix, id)).toMatch(/its weights are published; this is done on a copy, offline/);
    // Nor proposed: throttling the demo does nothing to a copy.
    expect(f.plan.actions.map((a) => a.control), id).not.toContain('inference-rate-limiting');
  });

  it('black-box search through the demo API is still slowed by its rate limit (that path exists)', () => {
    expect(finding(helix, 'variant-effect-model/AML.T0043.001').controls).toContain('inference-rate-limiting');
  });

  it('partner deposits poison the model: assessed with a data action first; the hub’s MFA does not guard its API tokens', () => {
    expect(finding(helix, 'partner-cohorts/AML.T0020').plan.actions[0]?.control).toMatch(/training-data-provenance|training-data-validation|poisoned-sample-detection/);
    expect(finding(helix, 'collab-hub/AML.T0012').coverage).not.toMatch(/prevented|both/);
    expect(trailOf(helix, 'collab-hub/AML.T0012')).toMatch(/https:\/\/hub\.helix\.example\/hub\/api takes a static API key, which ml-platform-mfa does not guard/);
  });
});
