import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorsOf, brokenLinks, headingAnchor, type Repository } from './markdown-links.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function memory(files: Record<string, string>, others: string[] = []): Repository {
  return { read: (path) => files[path], exists: (path) => path in files || others.includes(path.replace(/\/$/, '')) };
}

describe('headingAnchor', () => {
  it.each([
    ['Team server', 'team-server'],
    ['ATLAS upgrades: a change of ruler, not of posture', 'atlas-upgrades-a-change-of-ruler-not-of-posture'],
    ['The prediction lab (`npm run lab:predict`)', 'the-prediction-lab-npm-run-labpredict'],
    ['Detections: Sigma rules and CACAO playbooks (`rampart detections`)', 'detections-sigma-rules-and-cacao-playbooks-rampart-detections'],
    ['Review JSON (`review.json`, `rampart review --format json`)', 'review-json-reviewjson-rampart-review---format-json'],
    ['Why *these* [dependencies](x.md)', 'why-these-dependencies'],
    ['Web UI work flows', 'web-ui-work-flows'],
  ])('%s → %s', (heading, anchor) => {
    expect(headingAnchor(heading)).toBe(anchor);
  });

  it('numbers repeated headings and ignores # lines in fenced code', () => {
    const text = '# Figures\n\n```sh\n# not a heading\n```\n\n## Figures\n\n~~~\n## nor this\n~~~\n';
    expect([...anchorsOf(text)]).toEqual(['figures', 'figures-1']);
  });
});

describe('brokenLinks', () => {
  const docs = {
    'README.md': '# Rampart\n\n## Team server\n\nSee [benchmarks](docs/benchmarks.md#scale) and [server](#team-server).\n',
    'docs/benchmarks.md': '# Benchmarks\n\n## Scale\n\nCode in [store](../src/store/README.md), back to [the README](../README.md#team-server).\n',
  };

  it('accepts links that resolve, relative to the file that holds them', () => {
    expect(brokenLinks(Object.keys(docs), memory(docs, ['src/store/README.md']))).toEqual([]);
  });

  it.each([
    ['a path written from the root in a docs/ file', 'Code in [store](src/store/README.md).', 'no such file: docs/src/store/README.md'],
    ['an anchor that moved to another file', 'See [server](../README.md#jobs-and-workers).', 'no heading "#jobs-and-workers" in README.md'],
    ['an anchor in the same file', 'See [below](#nowhere).', 'no heading "#nowhere" in docs/x.md'],
    ['a path above the repository', 'See [x](../../x.md).', 'points outside the repository'],
  ])('reports %s', (_, line, problem) => {
    const files = { ...docs, 'docs/x.md': `# X\n\n${line}\n` };
    expect(brokenLinks(['docs/x.md'], memory(files, ['src/store/README.md']))).toEqual([
      { file: 'docs/x.md', line: 3, target: expect.any(String), problem },
    ]);
  });

  it('leaves web addresses, code spans and fenced code alone', () => {
    const files = { 'a.md': '# A\n\n[ATLAS](https://atlas.mitre.org/) `[x](nowhere.md)`\n\n```\n[y](nowhere.md)\n```\n' };
    expect(brokenLinks(['a.md'], memory(files))).toEqual([]);
  });
});

describe('the repository’s documentation', () => {
  it('has no broken relative link or anchor in README.md and docs/', () => {
    const files = ['README.md', ...markdownUnder('docs')];
    const repository: Repository = {
      read: (path) => (path.endsWith('.md') && existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), 'utf8') : undefined),
      exists: (path) => existsSync(join(ROOT, path)),
    };
    expect(files.length).toBeGreaterThan(1);
    expect(brokenLinks(files, repository)).toEqual([]);
  });
});

function markdownUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => `${folder}/${name.replace(/\\/g, '/')}`)
    .sort();
}
