import { describe, expect, it } from 'vitest';
import { scanBytes } from './scan-file.ts';
import { compressedBenignFixtures, compressedMaliciousFixtures } from './test-support/compressed-corpus.ts';
import { benignFixtures, maliciousFixtures, type Fixture } from './test-support/corpus.ts';

const benign = [...benignFixtures(), ...(await compressedBenignFixtures())];
const malicious = [...maliciousFixtures(), ...(await compressedMaliciousFixtures())];

describe('generated corpus', () => {
  it.each(benign.map((f) => [f.name, f] as const))('benign: %s', async (_name, f) => {
    const r = await scanBytes(f.bytes, f.name);
    expect(r.findings.filter((x) => x.level !== 'info'), JSON.stringify(r.findings, null, 1)).toEqual([]);
    expect(r.verdict).toBe(f.expect);
  });

  it.each(malicious.map((f) => [f.name, f] as const))('malicious: %s', async (_name, f: Fixture) => {
    const r = await scanBytes(f.bytes, f.name);
    expect(r.verdict, JSON.stringify(r.findings, null, 1)).toBe(f.expect);
    if (f.rule) expect(r.findings.map((x) => x.rule)).toContain(f.rule);
    if (f.global) expect(r.findings.map((x) => x.global)).toContain(f.global);
    if (f.member) expect(r.findings.map((x) => x.member ?? ''), JSON.stringify(r.findings, null, 1)).toContainEqual(expect.stringMatching(new RegExp(`${f.member.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)));
  });
});
