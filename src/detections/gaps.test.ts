import { describe, expect, it } from 'vitest';
import type { Coverage, Finding, TrailStep } from '../assess/finding.ts';
import type { AssetSnapshot } from '../review/review.ts';
import { detectiveGap, servesInference } from './gaps.ts';

const model: Pick<AssetSnapshot, 'element' | 'kind' | 'attributes' | 'owner'> = { element: 'model', kind: 'llm', attributes: ['inferenceApi', 'llm'], owner: 'team-a' };
const finding = (coverage: Coverage, techniqueId = 'AML.T0054', trail: TrailStep[] = []) =>
  ({ id: `app/${techniqueId}`, assetId: 'app', techniqueId, techniqueName: 'x', coverage, trail, plan: { owner: undefined, due: '2027-01-01', actions: [] }, risk: { score: 12 } }) as unknown as Finding;
const claim = (controlType: 'detective' | 'preventive'): TrailStep => ({ kind: 'claim', control: 'c', controlType, effect: 'unproven', text: '' });

describe('detective gaps', () => {
  it.each([
    ['blind-spot', [], 'blind-spot'],
    ['prevented', [], 'prevented-only'],
    ['claimed', [claim('detective')], 'detective-claim-unproven'],
    ['claimed', [claim('preventive')], 'claimed-unproven'],
    ['exploited', [], 'exploited-undetected'],
    ['detected', [], undefined],
    ['both', [], undefined],
  ] as const)('coverage %s (%j) → %s', (coverage, trail, reason) => {
    expect(detectiveGap(finding(coverage, 'AML.T0054', [...trail]), model)?.reason).toBe(reason);
  });

  it.each([
    ['AML.T0054', ['jailbreak']],
    ['AML.T0024.000', ['membership-probing']],
    ['AML.T0020', undefined], // poisoning: a training-data matter, not an inference log's
    ['AML.T0043.002', undefined], // black-box transfer is crafted offline: nothing to see in the log
  ])('technique %s → rules %j', (technique, rules) => {
    expect(detectiveGap(finding('blind-spot', technique), model)?.rules).toEqual(rules);
  });

  it.each([
    [{ element: 'model', kind: 'classifier', attributes: ['inferenceApi'] }, true],
    [{ element: 'model', kind: 'classifier', attributes: [] }, false],
    [{ element: 'platform', kind: 'llm-gateway', attributes: ['inferenceApi'] }, true],
    [{ element: 'platform', kind: 'training-pipeline', attributes: ['inferenceApi'] }, false],
    [{ element: 'data', kind: 'inference-logs', attributes: ['inferenceApi'] }, false],
  ] as const)('%j serves inference: %s', (asset, expected) => {
    expect(servesInference({ ...asset, attributes: [...asset.attributes] } as Parameters<typeof servesInference>[0])).toBe(expected);
  });

  it('takes the owner from the plan, else the asset', () => {
    expect(detectiveGap(finding('blind-spot'), model)?.owner).toBe('team-a');
  });
});
