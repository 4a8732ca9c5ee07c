import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RampartError } from '../errors.ts';
import { loadInventory } from './load.ts';

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-inv-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const MODEL = `organisation: Acme
assets:
  - id: credit
    name: Credit scoring
    element: model
    kind: classifier
    exposure: public
    endpoints: [https://api.acme.example/credit]
    frameworks: [xgboost@2.0.3, { name: scikit-learn, version: "1.5" }]
    relations: { trainedOn: [loans] }
    attributes: { returnsScores: true }
  - id: loans
    name: Loan history
    element: data
    kind: training-set
`;

describe('loading an inventory folder', () => {
  it('merges files, applies defaults and derives attributes', async () => {
    const dir = await folder({ 'a.yaml': MODEL, 'b.yml': 'controls:\n  - control: inference-rate-limiting\n    status: planned\n' });
    const inventory = await loadInventory(dir);
    expect(inventory.organisation).toBe('Acme');
    expect(inventory.files).toEqual(['a.yaml', 'b.yml']);
    const credit = inventory.assets.find((a) => a.id === 'credit');
    expect(credit?.frameworks).toEqual([{ name: 'xgboost', version: '2.0.3' }, { name: 'scikit-learn', version: '1.5' }]);
    expect([...(credit?.attributes ?? [])].sort()).toEqual(['inferenceApi', 'returnsScores', 'thirdPartyArtifacts']); // the last derived from its frameworks
    expect(credit?.source).toEqual({ file: 'a.yaml', line: 3 });
    expect(inventory.assets.find((a) => a.id === 'loans')).toMatchObject({ exposure: 'internal', criticality: 'medium', authentication: 'unknown' });
    expect(inventory.claims[0]).toMatchObject({ control: 'inference-rate-limiting', status: 'planned', scope: 'all', source: { file: 'b.yml', line: 2 } });
  });

  it('merges fields shared through YAML anchors kept under x- keys, the asset’s own fields winning', async () => {
    const shared = 'x-prod: &prod\n  owner: ml-platform\n  criticality: high\n  tags: [production]\nassets:\n';
    const item = (id: string, extra = '') => `  - id: ${id}\n    name: ${id}\n    element: model\n    kind: classifier\n    <<: *prod\n${extra}`;
    const inventory = await loadInventory(await folder({ 'a.yaml': shared + item('a') + item('b', '    criticality: low\n') }));
    expect(inventory.assets.map((a) => [a.id, a.owner, a.criticality, a.tags])).toEqual([
      ['a', 'ml-platform', 'high', ['production']],
      ['b', 'ml-platform', 'low', ['production']],
    ]);
  });

  it('reads a CycloneDX BOM named *.bom.json or sbom.json, not only *.cdx.json and bom.json', async () => {
    const bom = (name: string) => JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [{ type: 'machine-learning-model', 'bom-ref': `SPDXRef-Model-${name}`, name }] });
    const inventory = await loadInventory(await folder({ 'chat.bom.json': bom('chat'), 'sbom.json': bom('ranker') }));
    expect(inventory.files).toEqual(['chat.bom.json', 'sbom.json']);
    // SPDX element ids are nobody's name for an asset: the component name is.
    expect(inventory.assets.map((a) => a.id)).toEqual(['chat', 'ranker']);
  });

  it('lets a declared attribute override a derived one', async () => {
    const dir = await folder({ 'i.yaml': MODEL.replace('returnsScores: true', 'inferenceApi: false') });
    const credit = (await loadInventory(dir)).assets.find((a) => a.id === 'credit');
    expect(credit?.attributes.has('inferenceApi')).toBe(false);
  });

  const errors: [string, string, RegExp, number | undefined][] = [
    ['a kind from another element', MODEL.replace('kind: classifier', 'kind: training-set'), /kind "training-set" is not a kind of model/, 6],
    ['an unknown exposure', MODEL.replace('exposure: public', 'exposure: everyone'), /assets\[0\]\.exposure/, 7],
    ['a relation to a missing asset', MODEL.replace('trainedOn: [loans]', 'trainedOn: [lones]'), /relation trainedOn points at "lones"/, 10],
    ['a duplicate id', MODEL.replace('id: loans', 'id: credit'), /"credit" is defined twice \(first at .*inventory\.yaml:3\)/, 12],
    ['an unknown field', MODEL.replace('    attributes:', '    colour: red\n    attributes:'), /colour/, undefined],
    ['malformed YAML', 'assets: [\n  - id: x', /not valid YAML/, undefined],
  ];
  it.each(errors)('%s → one input error naming file, path and line', async (_name, text, message, line) => {
    const dir = await folder({ 'inventory.yaml': text });
    const error = await loadInventory(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    const described = (error as RampartError).describe();
    expect(described).toMatch(message);
    expect(described).toContain('inventory.yaml');
    if (line !== undefined) expect((error as RampartError).where.line).toBe(line);
  });

  it('reads an inventory written as JSON, naming line and column for its assets and its faults', async () => {
    const asset = { id: 'credit', name: 'Credit', element: 'model', kind: 'classifier', exposure: 'public' };
    const text = (exposure: string) => JSON.stringify({ organisation: { name: 'Acme' }, assets: [{ ...asset, exposure }] }, null, 2);
    expect((await loadInventory(await folder({ 'inventory.yaml': text('public') }))).assets[0]?.source).toEqual({ file: 'inventory.yaml', line: 6 });
    const error = await loadInventory(await folder({ 'inventory.yaml': text('everyone') })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).where).toMatchObject({ path: 'assets[0].exposure', line: 11, column: 19 });
    expect((error as RampartError).where.file).toMatch(/inventory\.yaml$/);
  });

  it('reads only the YAML files with inventory keys, and says which others it skipped and why', async () => {
    const dir = await folder({
      'inventory.yaml': MODEL,
      'register.yaml': 'controls:\n  - control: inference-rate-limiting\n    status: planned\n',
      'detectors.yaml': 'detectors:\n  - id: extraction\n    window: 100\n',
      'ci.yml': 'on: [push]\njobs:\n  review: { runs-on: ubuntu-latest }\n',
      'empty.yaml': '# nothing yet\n',
      'values.yaml': 'image: {{ .Values.image }}\n  bad: [\n',
    });
    await mkdir(join(dir, 'targets'));
    await writeFile(join(dir, 'targets', 'credit.yaml'), 'kind: http-json\nurl: http://127.0.0.1:1/predict\n');
    const inventory = await loadInventory(dir);
    expect(inventory.files).toEqual(['inventory.yaml', 'register.yaml']);
    expect(inventory.assets.map((a) => a.id)).toEqual(['credit', 'loans']);
    expect(inventory.claims).toHaveLength(1);
    expect(inventory.skipped).toEqual([
      { file: 'ci.yml', reason: 'its top level has on, jobs, none of organisation, assets, controls' },
      { file: 'detectors.yaml', reason: 'its top level has detectors, none of organisation, assets, controls' },
      { file: 'empty.yaml', reason: 'it is empty' },
      { file: 'values.yaml', reason: expect.stringMatching(/^it is not valid YAML \(.+\) and has no top-level organisation, assets, controls$/) as string },
    ]);
    expect(inventory.notes).toContain('detectors.yaml was not read as inventory: its top level has detectors, none of organisation, assets, controls');
  });

  it.each([
    ['a key one typo from an inventory key', 'asets:\n  - id: x\n', /unknown key "asets"/],
    ['an inventory key beside another tool\'s', `${MODEL}detectors: []\n`, /unknown key "detectors"/],
    ['invalid YAML with an inventory key', 'organisation: Acme\nassets: [\n', /not valid YAML/],
  ])('a file meant as inventory is still an error, never skipped: %s', async (_name, text, message) => {
    const error = await loadInventory(await folder({ 'inventory.yaml': MODEL.replace('organisation: Acme\n', ''), 'stray.yaml': text })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).describe()).toMatch(message);
    expect((error as RampartError).describe()).toContain('stray.yaml');
  });

  it('a folder whose YAML is all skipped says what it skipped', async () => {
    await expect(loadInventory(await folder({ 'detectors.yaml': 'detectors: []\n' }))).rejects.toThrow(/the inventory has no assets \(skipped detectors\.yaml: its top level has detectors/);
  });

  it('says so when a folder holds no inventory', async () => {
    const dir = await folder({ 'notes.txt': 'hello' });
    await expect(loadInventory(dir)).rejects.toThrow(/no inventory files/);
    await expect(loadInventory(join(dir, 'missing'))).rejects.toThrow(/no inventory at/);
  });

  it('never fails with anything but a RampartError on arbitrary documents', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-inv-fuzz-'));
    const asset = fc.record(
      { id: fc.oneof(fc.string(), fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/)), name: fc.string(), element: fc.constantFrom('model', 'data', 'platform', 'environment', 'x'), kind: fc.constantFrom('classifier', 'llm', 'training-set', 'cluster', 'serving', 'nope'), relations: fc.dictionary(fc.constantFrom('trainedOn', 'servedBy', 'bogus'), fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 })) },
      { requiredKeys: [] },
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.record({ assets: fc.array(asset, { maxLength: 4 }) }), fc.anything()), async (doc) => {
        const file = join(dir, `f${n++}.yaml`);
        await writeFile(file, JSON.stringify(doc) ?? 'null');
        const outcome = await loadInventory(file).then(
          (inv) => inv.assets.length,
          (e: unknown) => e,
        );
        if (typeof outcome === 'number') expect(outcome).toBeGreaterThan(0);
        else expect(outcome).toBeInstanceOf(RampartError);
      }),
      { numRuns: 150 },
    );
  });
});
