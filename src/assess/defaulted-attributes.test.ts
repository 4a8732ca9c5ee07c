import { beforeAll, describe, expect, it } from 'vitest';
import type { TechniqueId } from '../atlas/ids.ts';
import { loadApplicability, type Applicability } from './applicability.ts';
import { defaultedAttributeLines, defaultedAttributes } from './defaulted-attributes.ts';
import { anAsset } from './test-support/fixtures.ts';

const techniquesFor = (rows: ReturnType<typeof defaultedAttributes>, asset: string, attribute: string) =>
  rows.find((r) => r.assetId === asset)?.attributes.find((a) => a.attribute === attribute)?.techniques;

describe('attributes that defaulted to false, and what that removed', () => {
  let applicability: Applicability;
  beforeAll(async () => {
    applicability = await loadApplicability();
  });
  const everything = () => true;

  it.each([
    { name: 'an LLM nobody said retrieves outside content', asset: anAsset({ id: 'bot', kind: 'llm', attributes: ['llm', 'generatesContent'] }), attribute: 'retrievesUntrustedContent', includes: ['AML.T0051.001', 'AML.T0070', 'AML.T0071'] },
    { name: 'a RAG corpus nobody said comes from outside', asset: anAsset({ id: 'kb', element: 'data', kind: 'rag-corpus' }), attribute: 'externalSource', includes: ['AML.T0070', 'AML.T0071'] },
    { name: 'a RAG corpus nobody said users can write', asset: anAsset({ id: 'kb', element: 'data', kind: 'rag-corpus' }), attribute: 'userWritable', includes: ['AML.T0070', 'AML.T0071'] },
  ])('$name: $attribute would add $includes', ({ asset, attribute, includes }) => {
    const rows = defaultedAttributes([asset], applicability.entries, everything);
    expect(techniquesFor(rows, asset.id, attribute)).toEqual(expect.arrayContaining(includes));
  });

  it.each([
    { name: 'stated true', asset: anAsset({ id: 'bot', kind: 'llm', attributes: ['llm', 'retrievesUntrustedContent'] }) },
    { name: 'stated false in the inventory', asset: anAsset({ id: 'bot', kind: 'llm', attributes: ['llm'], attributesStatedFalse: ['retrievesUntrustedContent'] }) },
  ])('does not list an attribute $name', ({ asset }) => {
    const rows = defaultedAttributes([asset], applicability.entries, everything);
    expect(techniquesFor(rows, 'bot', 'retrievesUntrustedContent')).toBeUndefined();
  });

  it('leaves out techniques the organisation ruled out, and ones the reviewed release lacks', () => {
    const asset = anAsset({ id: 'bot', kind: 'llm', attributes: ['llm'], notApplicable: [{ technique: 'AML.T0070', reason: 'no RAG' }] });
    const rows = defaultedAttributes([asset], applicability.entries, (id: TechniqueId) => id !== 'AML.T0071');
    const techniques = techniquesFor(rows, 'bot', 'retrievesUntrustedContent');
    expect(techniques).toContain('AML.T0051.001');
    expect(techniques).not.toContain('AML.T0070');
    expect(techniques).not.toContain('AML.T0071');
  });

  it('never lists derived attributes, and gives the same answer to assets of the same profile', () => {
    const assets = Array.from({ length: 3 }, (_, i) => anAsset({ id: `m${i}`, kind: 'classifier', attributes: ['inferenceApi'] }));
    const rows = defaultedAttributes(assets, applicability.entries, everything);
    expect(rows).toHaveLength(3);
    expect(rows[1]?.attributes).toEqual(rows[0]?.attributes);
    expect(rows.flatMap((r) => r.attributes.map((a) => a.attribute))).not.toContain('llm');
    expect(rows.flatMap((r) => r.attributes.map((a) => a.attribute))).not.toContain('inferenceApi');
    expect(rows.flatMap((r) => r.attributes.map((a) => a.attribute))).toContain('returnsScores');
  });

  it('renders one line per asset, capped, pointing at review.json for the rest', () => {
    const rows = Array.from({ length: 4 }, (_, i) => ({ assetId: `a${i}`, attributes: [{ attribute: 'externalSource' as const, techniques: ['AML.T0070' as TechniqueId] }] }));
    expect(defaultedAttributeLines(rows, 2)).toEqual(['a0: externalSource (would add AML.T0070)', 'a1: externalSource (would add AML.T0070)', '… and 2 more assets (review.json lists all, under defaultedAttributes)']);
  });
});
