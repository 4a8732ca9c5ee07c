import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ManifestRead } from '../types.ts';
import { findManifests, readManifest } from './read-manifest.ts';

const VULNERABLE = new URL('../../../test/fixtures/manifests/vulnerable/', import.meta.url).pathname;

async function read(name: string): Promise<ManifestRead> {
  const [found] = await findManifests([join(VULNERABLE, name)]);
  if (!found) throw new Error(`no manifest ${name}`);
  return readManifest(found.file, found.format);
}

const pins = (r: ManifestRead): string[] => r.dependencies.filter((d) => d.version).map((d) => `${d.ecosystem}:${d.name}@${d.version}:${d.origin.line ?? '-'}`);

describe('every manifest format reads its pinned packages with their lines', () => {
  it.each([
    ['requirements.txt', ['PyPI:mlflow@2.9.2:2', 'PyPI:torch@1.13.0:4', 'PyPI:scikit-learn@0.23.0:1']],
    ['pyproject.toml', ['PyPI:gradio@3.50.0:5', 'PyPI:langchain@0.0.300:6', 'PyPI:jupyterlab@3.6.0:10', 'PyPI:nltk@3.8.0:14', 'PyPI:pillow@9.0.0:15']],
    ['poetry.lock', ['PyPI:llama-index@0.9.0:2', 'PyPI:joblib@1.1.0:9']],
    ['uv.lock', ['PyPI:apache-airflow@2.7.0:10']],
    ['Pipfile.lock', ['PyPI:jupyter-server@2.7.0:4', 'PyPI:tensorflow@2.11.0:5', 'PyPI:notebook@6.4.0:8']],
    ['environment.yml', ['PyPI:torch@1.12.0:5', 'PyPI:numpy@1.21.0:6', 'PyPI:onnx@1.13.0:9', 'PyPI:nltk@3.6.5:10']],
    ['package-lock.json', ['npm:@scope/widget@2.0.0:8', 'npm:left-pad@1.3.0:9', 'npm:tiny@0.0.1:10']],
    ['bom.cdx.json', ['PyPI:mlflow@2.3.0:5', 'PyPI:pillow@8.1.0:7', 'npm:@scope/widget@2.0.0:9']],
  ])('%s', async (name, expected) => {
    expect(pins(await read(name))).toEqual(expected);
  });

  it.each([
    ['requirements.txt', 'numpy', '>=1.20'],
    ['pyproject.toml', 'onnx', '^1.12'],
    ['environment.yml', 'scikit-learn', '>=1.0'],
  ])('%s keeps the range of %s as a specifier, never as a version', async (name, pkg, spec) => {
    const dependency = (await read(name)).dependencies.find((d) => d.name === pkg);
    expect(dependency).toMatchObject({ spec });
    expect(dependency?.version).toBeUndefined();
  });

  it.each([
    ['requirements.txt', 8, /not PEP 440/],
    ['uv.lock', 15, /git source/],
    ['Pipfile.lock', 9, /no pinned version/],
  ])('%s names what it cannot match, with its line', async (name, line, problem) => {
    expect((await read(name)).problems).toEqual([expect.objectContaining({ origin: { file: join(VULNERABLE, name), line }, problem: expect.stringMatching(problem) })]);
  });
});

describe('requirements files as pip reads them', () => {
  it.each([
    ['continuation and hash', 'a==1.0 \\\n  --hash=sha256:ab \\\n  --hash=sha256:cd\nb==2.0\n', ['a@1.0:1', 'b@2.0:4']],
    ['comment after a pin, and a URL fragment kept', 'c==3.0 # why\n', ['c@3.0:1']],
    ['extras and markers', 'D.E_f[x,y]==4.0;python_version<"3.9"\n', ['d-e-f@4.0:1']],
    ['arbitrary equality', 'g===5.0\n', ['g@5.0:1']],
    ['a wildcard is a range', 'h==6.*\n', []],
    ['pip options are no packages', '--pre\n-i https://x\n--extra-index-url=https://y\n--only-binary :all:\n', []],
  ])('%s', async (_title, text, expected) => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-req-'));
    await writeFile(join(dir, 'requirements.txt'), text);
    const result = await readManifest(join(dir, 'requirements.txt'), 'requirements');
    expect(result.dependencies.filter((d) => d.version).map((d) => `${d.name}@${d.version}:${d.origin.line}`)).toEqual(expected);
    expect(result.problems).toEqual([]);
  });

  it('follows includes once, even in a cycle, and names a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-req-'));
    await writeFile(join(dir, 'requirements.txt'), '-r base.txt\n-c missing.txt\n');
    await writeFile(join(dir, 'base.txt'), 'a==1.0\n-r requirements.txt\n');
    const result = await readManifest(join(dir, 'requirements.txt'), 'requirements');
    expect(result.dependencies.map((d) => d.name)).toEqual(['a']);
    expect(result.problems).toEqual([expect.objectContaining({ origin: { file: join(dir, 'requirements.txt'), line: 2 }, problem: expect.stringMatching(/cannot read included file missing.txt/) })]);
  });
});

describe('bad manifests', () => {
  it.each([
    ['pyproject.toml', '[project\nname = 1', /not valid TOML/],
    ['package-lock.json', '{"packages": {', /not valid JSON/],
  ])('%s with a syntax error is an input error naming the file', async (name, text, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-bad-'));
    await writeFile(join(dir, name), text);
    const [found] = await findManifests([join(dir, name)]);
    await expect(readManifest(found!.file, found!.format)).rejects.toMatchObject({ kind: 'input', where: expect.objectContaining({ file: join(dir, name) }), message: expect.stringMatching(message) });
  });

  it('a file that is no manifest is refused with the supported names', async () => {
    await expect(findManifests([join(VULNERABLE, '..', '..', 'osv-pypa', 'README.md')])).rejects.toMatchObject({ kind: 'input', hint: expect.stringMatching(/requirements\*\.txt/) });
  });
});
