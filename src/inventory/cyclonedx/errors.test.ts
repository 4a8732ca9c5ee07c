import { describe, expect, it } from 'vitest';
import { RampartError } from '../../errors.ts';
import { parseSourceText } from '../../util/yaml-source.ts';
import { importCycloneDx } from './import.ts';

const FILE = 'boms/bad.cdx.json';

function importText(text: string) {
  return importCycloneDx(parseSourceText(text, FILE, 'CycloneDX BOM'));
}

function failure(text: string): RampartError {
  try {
    importText(text);
  } catch (error) {
    if (error instanceof RampartError) return error;
    throw error;
  }
  throw new Error('expected an input error');
}

const bom = (components: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', ...extra, components }, null, 2);
const model = (properties: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'machine-learning-model', name: 'm', ...extra, properties });
const prop = (name: string, value: string) => ({ name: `rampart:${name}`, value });

describe('files that are not CycloneDX', () => {
  it.each([
    ['truncated JSON', '{"bomFormat": "CycloneDX", "specVersion": "1.6",', /not valid YAML\/JSON/],
    ['a JSON array', '[1, 2]', /not a CycloneDX BOM: it holds no JSON object/],
    ['an inventory YAML file', 'assets:\n  - id: m\n', /not a CycloneDX BOM: it has no bomFormat/],
    ['SPDX', '{"spdxVersion": "SPDX-2.3", "bomFormat": "SPDX"}', /its bomFormat is "SPDX", not "CycloneDX"/],
    ['CycloneDX XML', '<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6"></bom>', /CycloneDX XML is not supported/],
  ])('%s gives one input error naming the file', (_label, text, message) => {
    const error = failure(text);
    expect(error.kind).toBe('input');
    expect(error.message).toMatch(message);
    expect(error.where.file).toBe(FILE);
    expect(error.describe()).toContain(FILE);
  });
});

describe('invalid BOMs name file, path and line', () => {
  it.each([
    ['an old specVersion', bom([], { specVersion: '1.3' }), 'specVersion', /specVersion "1.3" is not allowed \(one of: 1.4, 1.5, 1.6\)/],
    ['an unknown component type', bom([{ type: 'ml-model', name: 'm' }]), 'components[0].type', /component type "ml-model" is not allowed \(one of: application, .*machine-learning-model/],
    ['a nested component without a name', bom([{ type: 'application', name: 'a', components: [{ type: 'library' }] }]), 'components[0].components[0].name', /a component needs a name/],
    ['a bad data type', bom([{ type: 'data', name: 'd', data: [{ type: 'table' }] }]), 'components[0].data[0].type', /data type "table" is not allowed/],
    ['a duplicate bom-ref', bom([{ type: 'data', 'bom-ref': 'x', name: 'd' }, { type: 'data', name: 'e', components: [{ type: 'data', 'bom-ref': 'x', name: 'f' }] }]), 'components[1].components[0].bom-ref', /bom-ref "x" is used twice \(first at components\[0\]\)/],
  ])('%s', (_label, text, path, message) => {
    const error = failure(text);
    expect(error.message).toMatch(message);
    expect(error.where).toMatchObject({ file: FILE, path });
    expect(error.where.line).toBeGreaterThan(1);
  });
});

describe('invalid rampart:* properties', () => {
  it('a bad rampart:exposure names file, JSON path, line and the allowed values', () => {
    const text = bom([model([prop('owner', 'ml'), prop('exposure', 'internet')])]);
    const error = failure(text);
    expect(error.message).toBe('rampart:exposure "internet" is not allowed');
    expect(error.where).toEqual({ file: FILE, path: 'components[0].properties[1].value', line: text.split('\n').findIndex((l) => l.includes('"internet"')) + 1, column: expect.any(Number) });
    expect(error.hint).toBe('use one of: public, partner, internal');
    expect(error.describe()).toMatch(/^boms\/bad\.cdx\.json:\d+:\d+: at components\[0\]\.properties\[1\]\.value: rampart:exposure "internet" is not allowed\n {2}→ use one of: public, partner, internal$/);
  });

  it.each([
    ['criticality', [prop('criticality', 'severe')], 'properties[0].value', /rampart:criticality "severe" is not allowed/, /low, medium, high, critical/],
    ['kind', [prop('kind', 'chatbot')], 'properties[0].value', /rampart:kind "chatbot" is not allowed/, /model: classifier, .*llm/],
    ['kind of another element', [prop('element', 'data'), prop('kind', 'llm')], 'properties[1].value', /rampart:kind "llm" is not a kind of data/, /training-set/],
    ['id', [prop('id', 'Fraud Model')], 'properties[0].value', /rampart:id "Fraud Model" is not allowed/, /lower-case/],
    ['attributes', [prop('attributes', 'llm, publicApi')], 'properties[0].value', /names "publicApi", which is not an attribute/, /inferenceApi/],
    ['relation', [prop('relation:trainedWith', 'd')], 'properties[0].value', /rampart:relation:trainedWith names no relation/, /trainedOn/],
    ['relation target', [prop('relation:trainedOn', 'Data Set')], 'properties[0].value', /names "Data Set", which is not an asset id/, /comma/],
    ['empty value', [{ name: 'rampart:owner' }], 'properties[0].value', /rampart:owner has no value/, /give the property a value/],
    ['conflicting repeats', [prop('owner', 'a'), prop('owner', 'b')], 'properties[1].value', /rampart:owner is given twice \("a" and "b"\)/, /keep one/],
    ['unknown name', [prop('exposre', 'public')], 'properties[0].name', /unknown property rampart:exposre/, /rampart:exposure/],
  ])('%s', (_label, properties, path, message, hint) => {
    const error = failure(bom([model(properties)]));
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
    expect(error.where).toMatchObject({ file: FILE, path: `components[0].${path}` });
    expect(error.where.line).toBeGreaterThan(1);
  });

  it('checks properties on services and nested components too', () => {
    const text = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [model([])], services: [{ name: 's', services: [{ name: 't', properties: [prop('authentication', 'password')] }] }] });
    expect(failure(text).where.path).toBe('services[0].services[0].properties[0].value');
  });

  it('rejects two components with the same rampart:id', () => {
    const error = failure(bom([model([prop('id', 'm1')]), model([prop('id', 'm1')], { name: 'n' })]));
    expect(error.message).toBe('rampart:id "m1" is used twice (m and n)');
    expect(error.where.path).toBe('components[1].properties[0].value');
  });
});

it('a BOM without AI assets is an input error that says what is imported', () => {
  const error = failure(bom([{ type: 'library', name: 'left-pad' }]));
  expect(error.message).toBe('the CycloneDX BOM has no AI assets');
  expect(error.hint).toMatch(/machine-learning-model/);
});
