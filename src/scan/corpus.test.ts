import { describe, expect, it } from 'vitest';
import { scanBytes } from './scan-file.ts';
import { benignFixtures, maliciousFixtures } from './test-support/corpus.ts';

describe('generated corpus', () => {
  it.each(benignFixtures().map((f) => [f.name, f] as const))('benign: %s', async (_name, f) => {
    const r = await scanBytes(f.bytes, f.name);
    expect(r.findings.filter((x) => x.level !== 'info'), JSON.stringify(r.findings, null, 1)).toEqual([]);
    expect(r.verdict).toBe(f.expect);
  });

  it.each(maliciousFixtures().map((f) => [f.name, f] as const))('malicious: %s', async (_name, f) => {
    const r = await scanBytes(f.bytes, f.name);
    expect(r.verdict, JSON.stringify(r.findings, null, 1)).toBe(f.expect);
    if (f.rule) expect(r.findings.map((x) => x.rule)).toContain(f.rule);
    if (f.global) expect(r.findings.map((x) => x.global)).toContain(f.global);
  });
});
