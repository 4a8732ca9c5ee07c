import { describe, expect, it } from 'vitest';
import { anAsset } from '../assess/test-support/fixtures.ts';
import type { Asset } from './asset.ts';
import { inferFromRelations } from './relation-inference.ts';
import type { Attribute, Relation } from './vocabulary.ts';

const corpus = (attributes: Attribute[]) => anAsset({ id: 'corpus', element: 'data', kind: 'rag-corpus', attributes });
const model = (relation: Relation, extra: Partial<Omit<Asset, 'attributes'>> = {}) => anAsset({ id: 'm', kind: 'llm', relations: { [relation]: ['corpus'] }, ...extra });

describe('attributes a model takes over from what it relates to', () => {
  it.each([
    { relation: 'retrievesFrom', related: ['userWritable'], gains: 'retrievesUntrustedContent', note: /m: retrievesUntrustedContent because it retrieves from corpus, which its users can write/ },
    { relation: 'retrievesFrom', related: ['externalSource'], gains: 'retrievesUntrustedContent', note: /which comes from outside/ },
    { relation: 'trainedOn', related: ['externalSource'], gains: 'trainsOnExternalData', note: /m: trainsOnExternalData because it is trained on corpus/ },
    { relation: 'trainedOn', related: ['userWritable'], gains: 'trainsOnUserData', note: /m: trainsOnUserData because it is trained on corpus, which its users can write/ },
    { relation: 'dependsOn', related: ['thirdPartyArtifacts'], gains: 'thirdPartyArtifacts', note: /m: thirdPartyArtifacts because it is built on corpus, which comes from a third party/ },
    { relation: 'servedBy', related: ['inferenceApi'], gains: 'inferenceApi', note: /m: inferenceApi because it is served by corpus, which answers queries/ },
  ] as const)('$relation a $related asset → $gains, with a note', ({ relation, related, gains, note }) => {
    const { assets, notes } = inferFromRelations([model(relation), corpus([...related])]);
    expect(assets[0]?.attributes.has(gains)).toBe(true);
    expect(notes).toEqual([expect.stringMatching(note)]);
  });

  it('infers nothing from a corpus nobody outside writes, and nothing the inventory states false', () => {
    expect(inferFromRelations([model('retrievesFrom'), corpus([])]).assets[0]?.attributes.has('retrievesUntrustedContent')).toBe(false);
    const statedFalse = inferFromRelations([model('retrievesFrom', { attributesStatedFalse: ['retrievesUntrustedContent'] }), corpus(['userWritable'])]);
    expect(statedFalse.assets[0]?.attributes.has('retrievesUntrustedContent')).toBe(false);
    expect(statedFalse.notes).toEqual([]);
  });

  it('leaves data and platforms alone, and returns unchanged assets as they were', () => {
    const platform = anAsset({ id: 'p', element: 'platform', kind: 'serving', relations: { dependsOn: ['corpus'] } });
    const source = corpus(['thirdPartyArtifacts']);
    const { assets } = inferFromRelations([platform, source]);
    expect(assets[0]).toBe(platform);
    expect(assets[1]).toBe(source);
  });
});
