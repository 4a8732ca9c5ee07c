import { describe, expect, it } from 'vitest';
import type { Asset } from '../inventory/asset.ts';
import type { Exposure } from '../inventory/vocabulary.ts';
import type { ApplicabilityEntry } from './applicability-schema.ts';
import { routeOf } from './routes.ts';
import { anAsset } from './test-support/fixtures.ts';

const entry = (access: ApplicabilityEntry['access'], onCopy = false): ApplicabilityEntry => ({ technique: 'AML.T0000', appliesTo: [], access, harm: ['integrity'], rationale: 'test', ...(onCopy ? { onCopy } : {}) });
const car = anAsset({ id: 'cars', element: 'environment', kind: 'edge-device', exposure: 'public' });
const depot = anAsset({ id: 'depot', element: 'environment', kind: 'edge-device', exposure: 'internal' });
const mails = anAsset({ id: 'mails', element: 'data', kind: 'rag-corpus' });
const route = (asset: Asset, e: ApplicabilityEntry, data: Record<string, Exposure> = {}) =>
  routeOf(e, asset, { assets: new Map([car, depot, mails, asset].map((a) => [a.id, a])), data: new Map(Object.entries(data)), door: undefined });

describe('the route a technique takes on an asset', () => {
  it.each([
    ['published weights: an on-copy technique is done on the copy', anAsset({ attributes: ['publicArtifacts', 'inferenceApi'] }), entry('inference-api', true), { access: 'model-copy', exposure: 'public' }],
    ['weights on cars the public holds', anAsset({ relations: { runsIn: ['cars'] } }), entry('internal', true), { access: 'model-copy', exposure: 'public' }],
    ['weights on devices in our own depot are not out', anAsset({ relations: { runsIn: ['depot'] } }), entry('internal', true), { access: 'internal' }],
    ['a vendor-hosted model has no weights of ours to copy', anAsset({ attributes: ['publicArtifacts', 'vendorHosted'] }), entry('inference-api', true), { access: 'inference-api' }],
    ['a technique not done on a copy keeps its access', anAsset({ attributes: ['publicArtifacts', 'inferenceApi'] }), entry('inference-api'), { access: 'inference-api' }],
    ['no API, a camera: query techniques happen in front of the sensors', anAsset({ attributes: ['physicalInputs'], relations: { runsIn: ['cars'] } }), entry('inference-api'), { access: 'physical', exposure: 'public' }],
    ['an API and a camera: the API stays a way in', anAsset({ attributes: ['physicalInputs', 'inferenceApi'] }), entry('inference-api'), { access: 'inference-api' }],
    ['physical access is where the devices are', anAsset({ attributes: ['physicalInputs'], relations: { runsIn: ['cars'] } }), entry('physical'), { access: 'physical', exposure: 'public' }],
  ] as const)('%s', (_case, asset, e, expected) => {
    expect(route(asset, e)).toMatchObject(expected);
  });

  it('untrusted retrieved content that no source says who writes is the public’s', () => {
    const agent = anAsset({ kind: 'agent', attributes: ['retrievesUntrustedContent'], relations: { retrievesFrom: ['mails'] } });
    expect(route(agent, entry('retrieved-content'), { mails: 'internal' })).toMatchObject({ access: 'retrieved-content', exposure: 'public' });
    // A source that says who writes it decides.
    expect(route(agent, entry('retrieved-content'), { mails: 'partner' })).toEqual({ access: 'retrieved-content', exposure: 'partner' });
  });

  it('an agent acting with tools on what outsiders write is instructed through it, past the login on its prompts', () => {
    const agent = anAsset({ kind: 'agent', authentication: 'sso', attributes: ['retrievesUntrustedContent', 'hasTools'], relations: { retrievesFrom: ['mails'] } });
    expect(route(agent, entry('user-content'), { mails: 'public' })).toMatchObject({ access: 'retrieved-content', exposure: 'public' });
    // Without tools an instruction changes an answer, which the indirect-injection finding itself scores.
    const reader = anAsset({ kind: 'llm', authentication: 'sso', attributes: ['retrievesUntrustedContent'], relations: { retrievesFrom: ['mails'] } });
    expect(route(reader, entry('user-content'), { mails: 'public' })).toEqual({ access: 'user-content', exposure: undefined });
  });
});
