import type { Control } from '../../controls/schema.ts';
import type { Asset } from '../../inventory/asset.ts';
import type { Claim } from '../../inventory/load.ts';
import type { Attribute } from '../../inventory/vocabulary.ts';

/** Small builders for tests of the pure assessment code. */
export function anAsset(overrides: Partial<Omit<Asset, 'attributes'>> & { attributes?: Attribute[] } = {}): Asset {
  const { attributes = [], ...rest } = overrides;
  return {
    id: 'model-a',
    name: 'Model A',
    element: 'model',
    kind: 'classifier',
    description: undefined,
    owner: 'ml-team',
    exposure: 'internal',
    authentication: 'none',
    dataSensitivity: 'internal',
    criticality: 'medium',
    versions: [],
    frameworks: [],
    endpoints: [],
    artifacts: [],
    relations: {},
    tags: [],
    notApplicable: [],
    source: { file: 'inventory.yaml', line: 1 },
    ...rest,
    attributes: new Set(attributes),
  };
}

export function aControl(overrides: Partial<Control> = {}): Control {
  return {
    id: 'inference-rate-limiting',
    title: 'Rate-limit inference',
    type: 'preventive',
    description: 'Per-client query quotas on the inference API.',
    mitigations: ['AML.M0004'],
    techniques: ['AML.T0024'],
    beyondAtlas: [],
    effects: {},
    carriesVia: [],
    requires: {},
    excludes: [],
    procedural: false,
    partial: false,
    elements: ['model'],
    questions: ['What stops one client from sending a million queries?'],
    evidence: ['Gateway quota configuration'],
    ...overrides,
  };
}

export function aClaim(overrides: Partial<Claim> = {}): Claim {
  return {
    control: 'inference-rate-limiting',
    status: 'implemented',
    scope: 'all',
    evidence: [{ description: 'gateway config', url: undefined }],
    lastVerified: '2026-10-01',
    source: { file: 'register.yaml', line: 1 },
    where: () => ({ file: 'register.yaml' }),
    ...overrides,
  };
}
