import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RampartError } from '../errors.ts';
import { caseStudiesOf, mitigationsOf } from './atlas.ts';
import { diffAtlas } from './diff.ts';
import type { TechniqueId } from './ids.ts';
import { loadAtlas } from './load.ts';

const fixture = (v: string) => new URL(`../../test/fixtures/atlas/ATLAS-${v}.yaml`, import.meta.url).pathname;

describe('loading ATLAS releases', () => {
  it.each([
    ['4.9.1', 15, 115, 26],
    ['5.0.1', 15, 130, 26],
    ['5.4.0', 16, 155, 35],
  ])('reads the official %s release', async (version, tactics, techniques, mitigations) => {
    const atlas = await loadAtlas(fixture(version));
    expect([atlas.version, atlas.tactics.length, atlas.techniques.size, atlas.mitigations.size]).toEqual([version, tactics, techniques, mitigations]);
  });

  it('indexes the bundled 5.6.0 release: sub-techniques, inherited tactics, maturity, mitigations, case studies', async () => {
    const atlas = await loadAtlas();
    expect(atlas.version).toBe('5.6.0');
    expect(atlas.techniques.size).toBe(170);
    const extract = atlas.techniques.get('AML.T0024.002' as TechniqueId);
    expect(extract?.parent).toBe('AML.T0024');
    expect(extract?.tactics).toEqual(['AML.TA0010']);
    expect(extract?.maturity).toBe('realized');
    expect(atlas.techniques.get('AML.T0024' as TechniqueId)?.subtechniques).toContain('AML.T0024.002');
    expect(mitigationsOf(atlas, 'AML.T0024.002' as TechniqueId)).toEqual(expect.arrayContaining(['AML.M0002', 'AML.M0004']));
    expect(atlas.mitigations.get('AML.M0004' as never)?.addresses.find((a) => a.technique === 'AML.T0024.002')?.use).toMatch(/\w/);
    // Evasion is the most documented technique in the case studies.
    expect(caseStudiesOf(atlas, 'AML.T0015' as TechniqueId).length).toBeGreaterThanOrEqual(5);
    expect(atlas.warnings).toEqual([]);
  });
});

describe('broken ATLAS files', () => {
  const cases: [string, string, RegExp][] = [
    ['not YAML', 'id: [unclosed', /not valid YAML/],
    ['no matrices', 'id: ATLAS\nname: x\nversion: 1\n', /matrices/],
    ['bad technique id', 'id: ATLAS\nname: x\nversion: 1\nmatrices:\n- id: m\n  name: m\n  tactics: []\n  techniques:\n  - id: T1\n    name: n\n', /technique id/],
  ];
  it.each(cases)('%s → an input error naming the file', async (_name, text, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-atlas-'));
    const file = join(dir, 'ATLAS.yaml');
    await writeFile(file, text);
    const error = await loadAtlas(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).describe()).toMatch(message);
    expect((error as RampartError).where.file).toBe(file);
  });

  it('never throws anything but a RampartError on arbitrary text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-atlas-fuzz-'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.constantFrom('id: ATLAS\nname: A\nversion: 2\nmatrices: []\n', 'matrices:\n  - tactics: 5\n')), async (text) => {
        const file = join(dir, `f${n++}.yaml`);
        await writeFile(file, text);
        const outcome = await loadAtlas(file).then(
          () => 'ok',
          (e: unknown) => e,
        );
        expect(outcome === 'ok' || outcome instanceof RampartError).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('diffing releases', () => {
  it('lists what 5.6.0 added to 5.4.0, with the documented JSON shape', async () => {
    const diff = diffAtlas(await loadAtlas(fixture('5.4.0')), await loadAtlas());
    expect(diff.from).toBe('5.4.0');
    expect(diff.to).toBe('5.6.0');
    expect(diff.techniques.added).toHaveLength(15);
    expect(diff.techniques.added).toContain('AML.T0112.001');
    expect(diff.techniques.removed).toEqual([]);
    expect(diff.techniques.renamed).toEqual([]);
    expect(diff.techniques.maturityChanged).toContainEqual({ id: 'AML.T0024.002', from: 'feasible', to: 'realized' });
  });

  it('finds renames, removals, new tactics and changed mitigation mappings from 4.9.1 to 5.6.0', async () => {
    const diff = diffAtlas(await loadAtlas(fixture('4.9.1')), await loadAtlas());
    expect(diff.tactics.added).toHaveLength(1);
    expect(diff.techniques.renamed.length).toBeGreaterThanOrEqual(1);
    expect(diff.techniques.renamed[0]).toEqual({ id: expect.stringMatching(/^AML\.T/), from: expect.any(String), to: expect.any(String) });
    expect(diff.mitigations.added).toHaveLength(9);
    expect(diff.mitigations.mappingChanged.length).toBeGreaterThan(0);
  });

  it('is empty between a release and itself, and symmetric in added/removed', async () => {
    const a = await loadAtlas(fixture('5.0.1'));
    const b = await loadAtlas(fixture('5.4.0'));
    const same = diffAtlas(b, b);
    expect([same.techniques.added, same.techniques.removed, same.mitigations.mappingChanged]).toEqual([[], [], []]);
    const forward = diffAtlas(a, b);
    const backward = diffAtlas(b, a);
    expect(backward.techniques.removed).toEqual(forward.techniques.added);
    expect(backward.techniques.added).toEqual(forward.techniques.removed);
  });
});
