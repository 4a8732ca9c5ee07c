import { describe, expect, it } from 'vitest';
import { parseSourceText } from '../../util/yaml-source.ts';
import { importCycloneDx } from './import.ts';

type Json = Record<string, unknown>;

function load(parts: { components?: Json[]; services?: Json[]; dependencies?: Json[] }) {
  const text = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', ...parts }, null, 2);
  return importCycloneDx(parseSourceText(text, 'test.cdx.json', 'CycloneDX BOM'));
}
const corpus = (extra: Json) => ({ type: 'data', 'bom-ref': 'kb', name: 'kb', ...extra });
const llm = (extra: Json = {}) => ({ type: 'machine-learning-model', 'bom-ref': 'bot', name: 'bot', modelCard: { modelParameters: { task: 'text-generation' } }, ...extra });

describe('attributes inferred from what a data component says', () => {
  it.each([
    { name: 'refreshed weekly from external sources', extra: { description: 'Guidance, refreshed weekly from external sources' }, attribute: 'externalSource', field: 'components[0].description' },
    { name: 'third-party feed in data[].description', extra: { data: [{ type: 'dataset', description: 'Daily third-party price feed' }] }, attribute: 'externalSource', field: 'components[0].data[0].description' },
    { name: 'scraped web pages', extra: { description: 'Product pages scraped nightly' }, attribute: 'externalSource', field: 'components[0].description' },
    { name: 'a free-text property', extra: { properties: [{ name: 'source', value: 'licensed vendor data' }] }, attribute: 'externalSource', field: 'components[0].properties[0]' },
    { name: 'a governance party described as external', extra: { data: [{ type: 'dataset', governance: { custodians: [{ organization: { name: 'External data provider: MedFacts Ltd' } }] } }] }, attribute: 'externalSource', field: 'components[0].data[0].governance.custodians[0].organization.name' },
    { name: 'user-generated content', extra: { description: 'Community Q&A, user-generated answers' }, attribute: 'userWritable', field: 'components[0].description' },
    { name: 'customers upload documents', extra: { description: 'Contracts that customers upload through the portal' }, attribute: 'userWritable', field: 'components[0].description' },
    { name: 'policyholders upload with their claim', extra: { description: 'Photos and invoices that policyholders upload with their claim' }, attribute: 'userWritable', field: 'components[0].description' },
    { name: 'uploaded by applicants', extra: { data: [{ type: 'dataset', description: 'Payslips uploaded by applicants' }] }, attribute: 'userWritable', field: 'components[0].data[0].description' },
    { name: 'claimant-submitted', extra: { description: 'Claimant-submitted statements' }, attribute: 'userWritable', field: 'components[0].description' },
  ])('$name → $attribute, citing $field', ({ extra, attribute, field }) => {
    const { assets, notes } = load({ components: [corpus(extra)] });
    expect(assets[0]?.attributes).toMatchObject({ [attribute]: true });
    expect(notes[0]).toContain(`${attribute} because ${field} says "`);
  });

  it.each([
    ['a negation', 'Internal policies only, no external sources'],
    ['never user-submitted', 'Curated by editors; never user-submitted'],
    ['nothing about origin', 'Help-centre articles written by the support team'],
  ])('infers nothing from %s', (_name, description) => {
    const { assets } = load({ components: [corpus({ description })] });
    expect(assets[0]?.attributes).toEqual({});
  });

  it('takes vendor-supplied data as external, not as written by users', () => {
    const { assets } = load({ components: [corpus({ description: 'Vendor-supplied reference tables, curated internally' })] });
    expect(assets[0]?.attributes).toEqual({ externalSource: true });
  });

  it('lets rampart:notAttributes overrule an inference, and states the attribute false', () => {
    const { assets, notes } = load({ components: [corpus({ description: 'refreshed from external sources', properties: [{ name: 'rampart:notAttributes', value: 'externalSource' }] })] });
    expect(assets[0]?.attributes).toEqual({ externalSource: false });
    expect(notes[0]).not.toContain('externalSource because');
  });

  it('refuses an attribute stated both true and false', () => {
    const props = [
      { name: 'rampart:attributes', value: 'userWritable' },
      { name: 'rampart:notAttributes', value: 'userWritable' },
    ];
    expect(() => load({ components: [corpus({ properties: props })] })).toThrow(/userWritable.*also names/);
  });
});

describe('attributes a model takes from what it says and what it retrieves', () => {
  it.each([
    { name: 'an LLM retrieving from an external corpus', corpusText: 'weekly feed from external partners', attribute: 'retrievesUntrustedContent', because: 'it retrieves from kb, which comes from outside' },
    { name: 'an LLM retrieving from a user-writable corpus', corpusText: 'wiki pages that employees and customers edit', attribute: 'retrievesUntrustedContent', because: 'it retrieves from kb, which users can write' },
  ])('$name → $attribute', ({ corpusText, attribute, because }) => {
    const { assets, notes } = load({ components: [llm(), corpus({ description: `RAG knowledge base: ${corpusText}` })], dependencies: [{ ref: 'bot', dependsOn: ['kb'] }] });
    expect(assets.find((a) => a.id === 'bot')?.attributes).toMatchObject({ [attribute]: true });
    expect(notes.find((n) => n.includes('model asset bot'))).toContain(`${attribute} because ${because}`);
  });

  it('leaves an LLM retrieving from an internal corpus alone', () => {
    const { assets } = load({ components: [llm(), corpus({ description: 'RAG knowledge base written by the support team' })], dependencies: [{ ref: 'bot', dependsOn: ['kb'] }] });
    expect(assets.find((a) => a.id === 'bot')?.attributes).toEqual({});
  });

  it.each([
    ['web search', 'Answers questions using web search results', 'retrievesUntrustedContent'],
    ['function calling', 'Books appointments through function calling', 'hasTools'],
    ['long-term memory', 'Keeps long-term memory of each patient', 'hasMemory'],
    ['retrained weekly', 'Retrained weekly on new cases', 'continuousLearning'],
  ])('a model card use case mentioning %s → %s', (_name, useCase, attribute) => {
    const { assets, notes } = load({ components: [llm({ modelCard: { modelParameters: { task: 'text-generation' }, considerations: { useCases: [useCase] } } })] });
    expect(assets[0]?.attributes).toMatchObject({ [attribute]: true });
    expect(notes[0]).toContain(`${attribute} because components[0].modelCard.considerations.useCases[0] says`);
  });
});
