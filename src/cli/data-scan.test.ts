import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digitsSplit, poison } from '../data/test-support/poison.ts';
import { writeCsv, writeParquet } from '../data/test-support/write-formats.ts';
import { runCli } from './test-support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-data-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const split = digitsSplit(21);
writeCsv(join(dir, 'clean.csv'), split.train);
writeParquet(join(dir, 'backdoor.parquet'), poison(split, 'backdoor', 21).train);
writeCsv(join(dir, 'test.csv'), split.test);
writeFileSync(join(dir, 'ragged.csv'), 'a,b,label\n1,2,0\n3,1\n');
// Column types are decided on the first 1,000 rows; a bad cell after them is an error naming its line.
writeFileSync(join(dir, 'text.csv'), `a,b,label\n${'1,2,0\n'.repeat(1200)}5,oops,0\n`);
writeFileSync(join(dir, 'empty.csv'), '');

describe('rampart data scan', () => {
  it('exits 1 and names the trigger rows (file and row) in JSON', async () => {
    const r = await runCli('data', 'scan', join(dir, 'backdoor.parquet'), '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { rows: number; flagged: { kind: string; file: string; row: number }[]; contamination: Record<string, { share: number }> };
    const backdoor = report.flagged.filter((f) => f.kind === 'backdoor');
    expect(backdoor.length).toBeGreaterThan(40);
    expect(backdoor[0]).toMatchObject({ file: join(dir, 'backdoor.parquet'), row: expect.any(Number) });
    expect(report.contamination.backdoor?.share).toBeCloseTo(backdoor.length / report.rows, 3);
  });

  it('on clean data with its evaluation set: no leakage, under 1% of rows flagged', async () => {
    const r = await runCli('data', 'scan', join(dir, 'clean.csv'), '--reference', join(dir, 'test.csv'), '--label', 'label', '--format', 'json');
    const report = JSON.parse(r.stdout) as { rows: number; reference: { rows: number }; flagged: unknown[]; contamination: Record<string, { rows: number }> };
    expect(report.reference.rows).toBe(split.test.features.length);
    expect(report.contamination.leakage?.rows).toBe(0);
    expect(report.flagged.length / report.rows).toBeLessThan(0.01);
    expect(r.code).toBe(report.flagged.length > 0 ? 1 : 0);
  });

  it('text report: contamination per kind, then the flagged rows with their reasons', async () => {
    const r = await runCli('data', 'scan', join(dir, 'backdoor.parquet'), '--rows', '3');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/contamination\n\s+label-issue/);
    expect(r.stdout).toMatch(/backdoor \(\d+\)\n.*backdoor\.parquet:row \d+ {2}\d\.\d\d {2}trigger pattern \[p\d+=16/);
    expect(r.stdout).toMatch(/… \d+ more \(--format json lists every row\)/);
  });

  it.each([
    { file: 'ragged.csv', args: [], message: /ragged\.csv:3: ragged row: 2 field\(s\) where the header has 3/ },
    { file: 'text.csv', args: [], message: /text\.csv:1202: at column "b": non-numeric cell "oops"/ },
    { file: 'empty.csv', args: [], message: /empty\.csv: the file is empty \(0 bytes\)/ },
    { file: 'clean.csv', args: ['--label', 'digit'], message: /clean\.csv:1: no label column "digit"/ },
  ])('bad input $file: exit 2, one message, no stack', async ({ file, args, message }) => {
    const r = await runCli('data', 'scan', join(dir, file), ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
