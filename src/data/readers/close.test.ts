import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTable } from '../scan/load-table.ts';
import { openDataset } from './open-dataset.ts';

/**
 * A scan that stops early (bad header, a bad row among those that decide the column types, a missing label
 * column, a consumer that stops reading) must close the file it opened: a FileHandle left to the garbage
 * collector is Node's DEP0137 warning, and a long-running server would run out of descriptors. Linux's
 * /proc/self/fd says which files this process holds open.
 */
const dir = mkdtempSync(join(tmpdir(), 'rampart-close-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openDescriptors(file: string): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(join('/proc/self/fd', fd)) === file) count++;
    } catch {
      // The descriptor closed between listing and reading: not open.
    }
  }
  return count;
}

const rows = (n: number, row: (i: number) => string): string => Array.from({ length: n }, (_, i) => `${row(i)}\n`).join('');

const cases: { name: string; file: string; content: string; run: (path: string) => Promise<unknown> }[] = [
  { name: 'CSV header names a column twice', file: 'dup.csv', content: `a,a,label\n${rows(50, (i) => `${i},1,0`)}`, run: (p) => openDataset(p) },
  { name: 'CSV ragged row among the rows that decide the types', file: 'ragged.csv', content: `a,b,label\n1,2,0\n3,0\n${rows(50, (i) => `${i},1,0`)}`, run: (p) => openDataset(p, { inferRows: 5 }) },
  { name: 'CSV non-numeric cell after those rows', file: 'cell.csv', content: `a,b,label\n${rows(1200, (i) => `${i},1,0`)}5,oops,0\n${rows(50, (i) => `${i},1,0`)}`, run: (p) => loadTable([p]) },
  { name: 'CSV scanned with a label column it lacks', file: 'label.csv', content: `a,b,label\n${rows(1500, (i) => `${i},1,${i % 2}`)}`, run: (p) => loadTable([p], { label: 'digit' }) },
  { name: 'JSON Lines first line not an object', file: 'first.jsonl', content: `[1,2]\n${rows(50, (i) => `{"a":${i}}`)}`, run: (p) => openDataset(p) },
  { name: 'JSON Lines scanned with a label column it lacks', file: 'label.jsonl', content: rows(100, (i) => `{"a":${i},"label":${i % 2}}`), run: (p) => loadTable([p], { label: 'digit' }) },
  { name: 'JSON Lines array of another length on line 2', file: 'type.jsonl', content: `{"x":[1,2],"label":0}\n${rows(50, () => '{"x":[1,2,3],"label":1}')}`, run: (p) => loadTable([p]) },
];

describe.runIf(existsSync('/proc/self/fd'))('a read that stops early closes its file', () => {
  it.each(cases)('$name', async ({ file, content, run }) => {
    const path = join(dir, file);
    writeFileSync(path, content);
    await expect(run(path)).rejects.toThrow();
    expect(openDescriptors(path)).toBe(0);
  });

  it.each(['csv', 'jsonl'] as const)('%s: a reader opened and closed without reading, or left after one batch', async (format) => {
    const path = join(dir, `stop.${format}`);
    writeFileSync(path, format === 'csv' ? `a,label\n${rows(3000, (i) => `${i},${i % 2}`)}` : rows(3000, (i) => `{"a":${i},"label":${i % 2}}`));
    const unread = await openDataset(path, { inferRows: 10 });
    expect(openDescriptors(path)).toBe(1);
    await unread.close();
    expect(openDescriptors(path)).toBe(0);
    const partly = await openDataset(path, { inferRows: 10, batchRows: 4 });
    for await (const batch of partly.batches()) {
      expect(batch.rows).toHaveLength(4);
      break;
    }
    expect(openDescriptors(path)).toBe(0);
    await partly.close();
  });
});
