import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-data-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);

function write(name: string, content: string): string {
  writeFileSync(at(name), content);
  return at(name);
}

const rows = (n: number) => ['f,g,label', ...Array.from({ length: n }, (_, i) => `${i % 10},${(i * 3) % 7},${i % 2}`)].join('\n') + '\n';

describe('rampart data manifest', () => {
  it('prints the manifest, writes it with --out, and names the label', async () => {
    const file = write('train.csv', rows(300));
    const result = await runCli('data', 'manifest', file, '--label', 'label', '--append-only', '--out', at('m.json'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/300 rows × 3 columns in 1 chunk\(s\) of 10,000 rows; label label/);
    expect(result.stdout).toMatch(/label\s+integer\s+0 missing; mean 0\.5000/);
    const written = JSON.parse(readFileSync(at('m.json'), 'utf8')) as { schema: string; files: { path: string; rows: number; appendOnly: boolean; label: string }[] };
    expect(written).toMatchObject({ schema: 'rampart.data-manifests/v1', files: [{ path: file, rows: 300, appendOnly: true, label: 'label' }] });
  });

  it.each([
    { name: 'appended rows: exit 0', change: () => appendFileSync(at('train.csv'), '1,1,1\n'), code: 0, text: /appended\s+\S+train\.csv — 1 row\(s\) appended/ },
    // Row 8 edited; 10,000-row chunks keep a hash per 10 rows, so the change is placed within rows 1–10.
    { name: 'an earlier row edited: exit 1, the rows named', change: () => write('train.csv', rows(301).replace('\n7,0,1\n', '\n7,0,0\n')), code: 1, text: /TAMPERED\s+\S+train\.csv — declared append-only, but changes within 10 row\(s\) \(first at rows 1–10\)\n\s+rows 1–10 changed \(somewhere in these rows\) \(lines 2–11, chunk 1\)/ },
  ])('--previous: $name', async ({ change, code, text }) => {
    write('train.csv', rows(300));
    change();
    const result = await runCli('data', 'manifest', at('train.csv'), '--previous', at('m.json'));
    expect(result.code).toBe(code);
    expect(result.stdout).toMatch(text);
  });

  it.each([
    { name: 'ragged CSV', args: () => [write('ragged.csv', 'a,b\n1,2\n3\n')], message: /ragged\.csv:3: ragged row: 1 field\(s\) where the header has 2/ },
    { name: '0-byte file', args: () => [write('empty.csv', '')], message: /empty\.csv: the file is empty \(0 bytes\)/ },
    { name: 'missing label column', args: () => [write('nolabel.csv', 'a,b\n1,2\n'), '--label', 'y'], message: /nolabel\.csv: the label column "y" is not a column of this file/ },
    { name: 'no such path', args: () => [at('nowhere.csv')], message: /nowhere\.csv: no such file or folder/ },
    { name: 'previous not a manifest', args: () => [write('ok.csv', 'a\n1\n'), '--previous', write('junk.json', '{"x":1}')], message: /junk\.json: the previous manifest is not a Rampart data manifest/ },
    { name: 'bad --chunk-rows', args: () => [write('ok2.csv', 'a\n1\n'), '--chunk-rows', '0'], message: /--chunk-rows takes a positive number/ },
  ])('bad input: $name → exit 2, one message', async ({ args, message }) => {
    const result = await runCli('data', 'manifest', ...args());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
