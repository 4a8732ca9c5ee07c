import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanFile } from './scan-file.ts';

/**
 * The policy's adversarial corpus (test/fixtures/adversarial/make.py): files that make a real loader run
 * code without naming an obviously dangerous global, each hostile one loaded by the real loader when the
 * generator ran (pickle, joblib, numpy, jinja2, runpy; torch files are unverified where torch was absent),
 * and benign look-alikes. Every hostile file must be dangerous; no look-alike may be.
 */
const root = join(import.meta.dirname, '../../test/fixtures/adversarial');
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as {
  files: Record<string, { expect: 'dangerous' | 'not-dangerous'; note: string; verified?: boolean | 'no-loader' }>;
};
const cases = Object.entries(manifest.files);

describe('adversarial corpus (policy)', () => {
  it('holds verified hostile files and look-alikes', () => {
    expect(cases.filter(([, c]) => c.expect === 'dangerous').length).toBeGreaterThan(40);
    expect(cases.filter(([, c]) => c.expect === 'not-dangerous').length).toBeGreaterThan(10);
    expect(cases.filter(([, c]) => c.verified === false)).toEqual([]);
  });

  it.each(cases)('%s', async (name, c) => {
    const r = await scanFile(join(root, 'files', name));
    const summary = `${c.note}\n${JSON.stringify(r.findings.map((f) => [f.level, f.rule, f.message]), null, 1)}`;
    if (c.expect === 'dangerous') expect(r.verdict, summary).toBe('dangerous');
    else expect(r.verdict, summary).not.toBe('dangerous');
  });
});
