import { describe, expect, it } from 'vitest';
import { scanBytes } from './scan-file.ts';
import { defaultLimits } from './types.ts';
import { redTeam4Cases } from './test-support/red-team-4/index.ts';

/**
 * Round 4 of the red team (test-support/red-team-4, README there): each hostile file was clean, suspicious
 * or inconclusive before the fix it names, though its loader runs code, writes files or loads a library;
 * each honest counterpart must stay clean.
 */
const cases = redTeam4Cases();
const dump = (r: Awaited<ReturnType<typeof scanBytes>>): string => JSON.stringify(r.findings.slice(0, 20).map((f) => [f.level, f.rule, f.member ?? '', f.message.slice(0, 200)]), null, 1);

describe('red-team corpus, round 4', () => {
  it.each(cases.map((c) => [c.kind, c.name, c] as const))('%s: %s', async (_kind, _name, c) => {
    const r = await scanBytes(c.bytes, c.file, { ...defaultLimits, ...c.limits });
    expect(r.verdict, `${c.how}\n${dump(r)}`).toBe(c.expect);
    if (c.expect === 'inconclusive') expect(r.findings.some((f) => f.level === 'inconclusive' && /memo budget/.test(f.message)), dump(r)).toBe(true);
  }, 60_000);
});
