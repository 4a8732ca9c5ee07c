import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanBytes } from './scan-file.ts';
import { adversarialCases } from './test-support/adversarial/index.ts';

/**
 * The adversarial suite: files built to be read one way by the scanner and another by a loader
 * (test-support/adversarial; each verified with the real loader by verify.ts where Python has it).
 * Every hostile file must be dangerous; no benign look-alike may be.
 */
const cases = await adversarialCases();
const dump = (r: Awaited<ReturnType<typeof scanBytes>>): string => JSON.stringify(r.findings.map((f) => [f.level, f.rule, f.member ?? '', f.message]), null, 1);

describe('adversarial files', () => {
  it('covers every class', () => {
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(['polyglot', 'container', 'compressed', 'numpy']));
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.name, c] as const))('hostile: %s', async (_name, c) => {
    const r = await scanBytes(c.hostile, c.name);
    expect(r.verdict, dump(r)).toBe('dangerous');
  });

  it.each(cases.map((c) => [c.name, c] as const))('benign look-alike: %s', async (_name, c) => {
    const r = await scanBytes(c.benign, c.name);
    expect(r.verdict, dump(r)).not.toBe('dangerous');
  });
});

/** test/fixtures/adversarial/verified.json, written by verify.ts with the real Python loaders. */
const verified = JSON.parse(readFileSync(join(import.meta.dirname, '../../test/fixtures/adversarial/verified.json'), 'utf8')) as Record<string, { loader: string; sha256: string; hostile: string; benign: string }>;

describe('verified against the real loaders', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const v = verified[name];
    expect(v, 'run verify.ts after adding or changing a case').toBeDefined();
    expect(v!.loader).toBe(c.loader.how);
    expect(v!.sha256, 'the hostile file changed since it was verified: run verify.ts').toBe(createHash('sha256').update(c.hostile).digest('hex'));
    if (c.loader.how !== 'not loadable') {
      expect(v!.hostile).toBe('payload ran');
      expect(v!.benign).not.toBe('payload ran');
    }
  });
});
