import { describe, expect, it } from 'vitest';
import { scanBytes } from './scan-file.ts';
import { redTeamCases } from './test-support/red-team/index.ts';

/**
 * The red-team corpus (test-support/red-team): every hostile file is dangerous — a file that runs code
 * and scans clean, or merely suspicious, is the failure this suite exists for — and every benign file an
 * honest framework writes in the same shape is clean.
 */
const cases = await redTeamCases();
const dump = (r: Awaited<ReturnType<typeof scanBytes>>): string => JSON.stringify(r.findings.map((f) => [f.level, f.rule, f.member ?? '', f.message]), null, 1);

describe('red-team corpus', () => {
  it.each(cases.map((c) => [c.kind, c.name, c] as const))('%s: %s', async (_kind, _name, c) => {
    const r = await scanBytes(c.bytes, c.file);
    expect(r.verdict, `${c.how}\n${dump(r)}`).toBe(c.expect);
  });
});
