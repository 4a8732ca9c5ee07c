import { describe, expect, it } from 'vitest';
import type { ClaimScope } from '../controls/schema.ts';
import type { Asset } from '../inventory/asset.ts';
import { claimCovers, claimVerdictsFor, judgeClaim } from './claims.ts';
import { aClaim, aControl, anAsset } from './test-support/fixtures.ts';

const reviewDate = new Date('2026-11-22T00:00:00Z');

describe('judging a claim', () => {
  it.each([
    ['implemented, evidence, verified last month', {}, 'counts'],
    ['planned', { status: 'planned' as const }, 'not-in-place'],
    ['partial', { status: 'partial' as const }, 'unproven'],
    ['no evidence', { evidence: [] }, 'unproven'],
    ['never verified', { lastVerified: undefined }, 'unproven'],
    ['verified 400 days ago', { lastVerified: '2025-10-18' }, 'unproven'],
    ['verified 300 days ago', { lastVerified: '2026-01-26' }, 'counts'],
    ['verified after the review date', { lastVerified: '2027-01-10' }, 'unproven'],
    ['in place only from after the review date', { since: '2026-12-01' }, 'not-in-place'],
    ['in place since before the review date', { since: '2024-01-01' }, 'counts'],
  ])('%s → %s', (_name, overrides, effect) => {
    expect(judgeClaim(aClaim(overrides), aControl(), reviewDate, 365).effect).toBe(effect);
  });

  it('says why a stale claim does not count', () => {
    expect(judgeClaim(aClaim({ lastVerified: '2025-01-01' }), aControl(), reviewDate, 365).reason).toMatch(/2025-01-01, 690 days/);
  });
});

describe('claim scope', () => {
  const model = anAsset({ id: 'credit', element: 'model', kind: 'classifier', tags: ['payments'] });
  const data = anAsset({ id: 'training', element: 'data', kind: 'training-set' });
  it.each<[string, ClaimScope, Asset, boolean]>([
    ['all, control applies to models', 'all', model, true],
    ['all, but control does not apply to data', 'all', data, false],
    ['explicit id wins over elements', ['training'], data, true],
    ['explicit list without the asset', ['other'], model, false],
    ['selector by kind', { kinds: ['classifier'] }, model, true],
    ['selector by tag', { tags: ['payments'] }, model, true],
    ['selector by element mismatch', { elements: ['platform'] }, model, false],
    ['empty selector selects nothing', {}, model, false],
  ])('%s', (_name, scope, asset, expected) => {
    expect(claimCovers(aClaim({ scope }), aControl(), asset)).toBe(expected);
  });
});

describe('claims on an asset with no login', () => {
  const registry = (authentication: Asset['authentication']) => anAsset({ id: 'mlflow', element: 'platform', kind: 'model-registry', authentication });
  const model = anAsset({ id: 'fraud', relations: { storedIn: ['mlflow'] } });
  const access = aControl({ id: 'model-registry-access-control', elements: ['platform', 'model'], carriesVia: ['storedIn'] });
  const claim = aClaim({ control: access.id, scope: ['mlflow'] });
  const verdicts = (auth: Asset['authentication'], asset: Asset) => claimVerdictsFor(asset, [claim], new Map([[access.id, access]]), new Map([['mlflow', registry(auth)], ['fraud', model]]), reviewDate, 365);

  it.each([
    ['sso', 'counts'],
    ['none', 'unproven'],
  ] as const)('registry access control on a registry with authentication %s → %s, there and on the model stored in it', (auth, effect) => {
    expect(verdicts(auth, registry(auth))[0]?.effect).toBe(effect);
    expect(verdicts(auth, model)[0]).toMatchObject({ effect, via: { asset: 'mlflow', relation: 'storedIn' } });
    if (effect === 'unproven') expect(verdicts(auth, model)[0]?.reason).toBe('inherited from mlflow via storedIn: claimed, but the inventory records mlflow without authentication');
  });
});
