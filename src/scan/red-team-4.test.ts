import { describe, expect, it } from 'vitest';
import { scanBytes } from './scan-file.ts';
import { redTeam4Cases } from './test-support/red-team-4/index.ts';

/**
 * Round 4 of the red team (test-support/red-team-4, README there): each hostile file was clean, suspicious
 * or inconclusive on main at 74bed3e though its loader writes, deletes, downloads or runs code; each honest
 * look-alike must stay clean.
 */
describe('red-team corpus, round 4', () => {
  it.each(redTeam4Cases().map((c) => [c.kind, c.name, c] as const))('%s: %s', async (_kind, _name, c) => {
    const r = await scanBytes(c.bytes, c.file);
    expect(r.verdict, `${c.how}\n${JSON.stringify(r.findings.slice(0, 20).map((f) => [f.level, f.rule, f.member ?? '', f.message.slice(0, 200)]), null, 1)}`).toBe(c.expect);
  });
});
