import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildManifest } from './build-manifest.ts';
import { compareManifests, type FileChange } from './compare.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-provenance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A deterministic table: id, two numeric features, a category and a label. */
function table(rows: number, edit: (cells: string[], i: number) => string[] = (c) => c, header = 'id,x,y,colour,label'): string {
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const cells = [String(i + 1), ((i * 37) % 101 / 10).toFixed(1), String((i * 13) % 7), ['red', 'green', 'blue'][i % 3] as string, String(i % 2)];
    lines.push(edit(cells, i).join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function change(before: string, after: string, options: { chunkRows?: number; appendOnly?: boolean; name?: string } = {}): Promise<FileChange> {
  const name = options.name ?? 'train.csv';
  const file = join(dir, name);
  writeFileSync(file, before);
  const old = await buildManifest(file, { path: name, appendOnly: options.appendOnly ?? true, chunkRows: options.chunkRows ?? 100, label: 'label' });
  if (name.endsWith('.csv')) expect(old.manifest.label).toBe('label');
  writeFileSync(file, after);
  const now = await buildManifest(file, { path: name, appendOnly: options.appendOnly ?? true, chunkRows: options.chunkRows ?? 100, label: 'label', cutAt: old.manifest.rows });
  const result = compareManifests(old.manifest, now.manifest, now.cut);
  // From the stored manifests alone (review diff, no file): the same answer, through the cut the new manifest records.
  expect(compareManifests(old.manifest, now.manifest)).toEqual(result);
  return result;
}

const base = table(1000);

describe('comparing a data file with its previous manifest', () => {
  it.each([
    { name: 'unchanged: nothing', after: base, status: 'unchanged', violation: false, changes: [] },
    { name: 'appended rows only: not flagged', after: base + table(1200).split('\n').slice(1001).join('\n'), status: 'appended', violation: false, changes: [] },
    {
      name: 'rows edited in the middle: located to the rows',
      after: table(1000, (c, i) => (i === 499 || i === 500 ? [c[0], '99.9', ...c.slice(2)] : c) as string[]),
      status: 'changed',
      violation: true,
      changes: [{ kind: 'changed', from: 500, to: 501, lines: [501, 502], chunk: 4 }],
    },
    {
      name: 'rows removed: told apart from edits, later rows not flagged',
      after: base.split('\n').filter((_, i) => i !== 301 && i !== 302).join('\n'),
      status: 'changed',
      violation: true,
      changes: [{ kind: 'removed', from: 301, to: 302, lines: [302, 303], chunk: 3 }],
    },
    {
      name: 'a row inserted before the end',
      after: base.replace('\n11,', '\n9999,1.0,1,red,1\n11,'),
      status: 'changed',
      violation: true,
      changes: [{ kind: 'inserted', from: 11, to: 11, lines: [12, 12], chunk: 0 }],
    },
    {
      name: 'the last rows removed (the old last chunk was partial)',
      before: table(950),
      after: table(940),
      status: 'changed',
      violation: true,
      changes: [{ kind: 'removed', from: 941, to: 950, lines: [942, 951], chunk: 9 }],
    },
  ])('$name', async ({ before, after, status, violation, changes }) => {
    const result = await change(before ?? base, after);
    expect(result.status).toBe(status);
    expect(result.violation).toBe(violation);
    expect(result.rowChanges).toEqual(changes);
    if (status === 'unchanged') expect(result.shifts).toEqual([]);
  });

  it('large chunks locate an edit to a group of rows within its chunk', async () => {
    const after = table(1000, (c, i) => (i === 777 ? [c[0], '0.0', ...c.slice(2)] : c) as string[]);
    // 5,000-row chunks keep a hash per 5 rows: row 778 is found within rows 776–780.
    const result = await change(base, after, { chunkRows: 5000 });
    expect(result.rowChanges).toEqual([{ kind: 'changed', from: 776, to: 780, lines: [777, 781], chunk: 0, approximate: true }]);
  });

  it('data not declared append-only: changes are reported, not a violation', async () => {
    const result = await change(base, table(1000, (c, i) => (i === 10 ? [c[0], '5.5', ...c.slice(2)] : c) as string[]), { appendOnly: false });
    expect([result.status, result.violation, result.rowTotals.changed]).toEqual(['changed', false, 1]);
  });

  it.each([
    { name: 'a column removed', after: table(1000, (c) => c.slice(0, 4), 'id,x,y,colour'), drift: [{ column: 'label', change: 'removed', from: 'integer' }] },
    { name: 'a column added', after: table(1000, (c) => [...c, 'z'], 'id,x,y,colour,label,extra'), drift: [{ column: 'extra', change: 'added', to: 'string' }] },
    { name: 'a type changed', after: table(1000, (c, i) => (i === 3 ? [c[0], c[1], 'seven', ...c.slice(3)] : c) as string[]), drift: [{ column: 'y', change: 'type', from: 'integer', to: 'mixed' }] },
  ])('schema drift: $name', async ({ after, drift }) => {
    const result = await change(base, after, { name: 'schema.csv' });
    expect(result.schemaDrift).toEqual(drift);
    expect(result.violation).toBe(true);
  });

  it.each([
    { name: 'a numeric feature moved', edit: (c: string[]) => [c[0], String(Number(c[1]) + 8), ...c.slice(2)], column: 'x', kind: 'numeric' },
    { name: 'labels flipped towards one class', edit: (c: string[], i: number) => [...c.slice(0, 4), i % 5 === 0 ? '0' : '1'], column: 'label', kind: 'categorical' },
    { name: 'a category drowned out', edit: (c: string[], i: number) => [...c.slice(0, 3), i % 10 === 0 ? 'red' : 'blue', c[4]], column: 'colour', kind: 'categorical' },
  ])('distribution shift: $name', async ({ edit, column, kind }) => {
    const result = await change(base, table(1000, edit as (c: string[], i: number) => string[]), { name: 'shift.csv' });
    const shifted = result.shifts.filter((s) => s.level === 'shift');
    expect(shifted.map((s) => [s.column, s.kind])).toEqual([[column, kind]]);
    if (column === 'label') expect(shifted[0]?.label).toBe(true);
  });

  it('JSON Lines rows appended with a new key: drift, not tampering', async () => {
    const line = (i: number, extra = '') => `{"id":${i},"v":${i % 5}${extra}}`;
    const before = Array.from({ length: 50 }, (_, i) => line(i)).join('\n') + '\n';
    const after = before + Array.from({ length: 10 }, (_, i) => line(50 + i, ',"source":"web"')).join('\n') + '\n';
    const result = await change(before, after, { name: 'events.jsonl' });
    expect([result.status, result.violation, result.rows.appended]).toEqual(['appended', false, 10]);
    expect(result.schemaDrift).toEqual([{ column: 'source', change: 'added', to: 'string' }]);
  });

  it('appending rows from the same distribution is no shift', async () => {
    const result = await change(base, base + table(1500).split('\n').slice(1001).join('\n'), { name: 'grow.csv' });
    expect(result.shifts.filter((s) => s.level === 'shift')).toEqual([]);
  });
});
