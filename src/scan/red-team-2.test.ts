import { describe, expect, it } from 'vitest';
import { scanBytes } from './scan-file.ts';
import { defaultLimits } from './types.ts';
import { redTeam2Cases } from './test-support/red-team-2/index.ts';

/**
 * Round 2 of the red team (test-support/red-team-2): each hostile file was clean, or took minutes, before
 * the fix it names in the README; each honest counterpart must stay clean. Denial-of-service files must
 * end inconclusive with the cap that stopped them, or clean when the scan could finish.
 */
const cases = redTeam2Cases();
const dump = (r: Awaited<ReturnType<typeof scanBytes>>): string => JSON.stringify(r.findings.slice(0, 20).map((f) => [f.level, f.rule, f.member ?? '', f.message.slice(0, 200)]), null, 1);

describe('red-team corpus, round 2', () => {
  // 40 MB fixtures on a shared machine: vitest.config.ts's hang bound, nothing here asserts speed.
  it.each(cases.map((c) => [c.kind, c.name, c] as const))('%s: %s', async (_kind, _name, c) => {
    const r = await scanBytes(c.bytes, c.file, { ...defaultLimits, ...c.limits });
    expect(r.verdict, `${c.how}\n${dump(r)}`).toBe(c.expect);
    if (c.expect === 'inconclusive') expect(r.findings.some((f) => f.level === 'inconclusive' && /cap|limit|exceeds|inflates past/.test(f.message)), dump(r)).toBe(true);
  });
});
