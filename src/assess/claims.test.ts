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

describe('a claim carried across a relation protects only if every platform on it has the control', () => {
  const platform = (id: string) => anAsset({ id, element: 'platform', kind: 'serving', authentication: 'sso' });
  const model = anAsset({ id: 'moderation', relations: { servedBy: ['seldon-staging', 'seldon-prod'] } });
  const limit = aControl({ elements: ['model', 'platform'], carriesVia: ['servedBy'] });
  const assets = new Map([['seldon-staging', platform('seldon-staging')], ['seldon-prod', platform('seldon-prod')], ['moderation', model]]);
  const verdicts = (...scopes: string[][]) => claimVerdictsFor(model, scopes.map((scope) => aClaim({ scope })), new Map([[limit.id, limit]]), assets, reviewDate, 365);

  it('a rate limit on staging does not slow queries through production', () => {
    const [v] = verdicts(['seldon-staging']);
    expect(v).toMatchObject({ effect: 'unproven', via: { asset: 'seldon-staging', relation: 'servedBy' } });
    expect(v?.reason).toBe('inherited from seldon-staging via servedBy: claimed there, but moderation is also servedBy seldon-prod, which no inference-rate-limiting claim covers');
  });

  it.each([[[['seldon-staging', 'seldon-prod']]], [[['seldon-staging'], ['seldon-prod']]]])('on both platforms, in one claim or two, it counts: %j', (scopes) => {
    expect(verdicts(...scopes).map((v) => v.effect)).toEqual(scopes.map(() => 'counts'));
  });
});

describe('claims contradicted by how the asset is reached', () => {
  const mfa = aControl({ id: 'ml-platform-mfa', elements: ['platform'] });
  const watch = aControl({ id: 'identity-threat-detection', type: 'detective', elements: ['platform'] });
  const judged = (control: typeof mfa, asset: Asset) => claimVerdictsFor(asset, [aClaim({ control: control.id })], new Map([[control.id, control]]), new Map([[asset.id, asset]]), reviewDate, 365)[0];
  const mlflow = (overrides: Partial<Omit<Asset, 'attributes'>>) => anAsset({ id: 'mlflow', element: 'platform', kind: 'model-registry', authentication: 'sso', ...overrides });

  it.each([
    ['the console by SSO', {}, 'counts'],
    ['its API by a static key', { endpoints: [{ url: 'https://mlflow.example/api', protocol: 'mlflow' as const, authentication: 'api-key' as const, target: undefined, checks: undefined }] }, 'unproven'],
    ['itself by a static key', { authentication: 'api-key' as const }, 'unproven'],
  ])('MFA on a platform that authenticates %s → %s', (_how, overrides, effect) => {
    const v = judged(mfa, mlflow(overrides));
    expect(v?.effect).toBe(effect);
    if (effect === 'unproven') expect(v?.reason).toMatch(/takes a static API key, which ml-platform-mfa does not guard$/);
  });

  it('account-takeover detection on an asset nobody signs in to sees nothing', () => {
    expect(judged(watch, mlflow({ authentication: 'none' }))).toMatchObject({ effect: 'unproven', reason: 'claimed, but the inventory records mlflow without authentication' });
    expect(judged(watch, mlflow({}))?.effect).toBe('counts');
  });
});
