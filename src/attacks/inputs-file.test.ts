import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from './inputs-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-inputs-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('--inputs CSV', () => {
  it.each([
    ['no header: last column is the label', 'a.csv', '0.1,0.2,1\n0.3,0.4,0\n', 'last', { inputs: [[0.1, 0.2], [0.3, 0.4]], labels: [1, 0] }],
    ['header without members', 'b.csv', 'x1,x2,label\n0.1,0.2,1\n', 'last', { inputs: [[0.1, 0.2]], labels: [1] }],
    ['member column last, label before it', 'c.csv', 'x1,x2,label,member\n0.1,0.2,1,1\n0.3,0.4,0,0\n', 'last', { inputs: [[0.1, 0.2], [0.3, 0.4]], labels: [1, 0], members: [true, false] }],
    ['member column first, any case, true/false and yes/no', 'd.csv', 'Member,x1,label\ntrue,0.5,2\nno,0.6,1\nYES,0.7,0\n', 'last', { inputs: [[0.5], [0.6], [0.7]], labels: [2, 1, 0], members: [true, false, true] }],
    ['members without labels', 'e.csv', 'x1,x2,member\n0.1,0.2,0\n', 'none', { inputs: [[0.1, 0.2]], members: [false] }],
  ] as const)('%s', async (_, name, text, labels, expected) => {
    expect(await readInputs(file(name, text), labels)).toEqual(expected);
  });

  it.each([
    ['a member value that is not a yes or no', 'f.csv', 'x1,label,member\n0.1,1,maybe\n', /member column holds "maybe"/],
    ['a non-number below the header', 'g.csv', 'x1,label\n0.1,1\nx,0\n', /not a number/],
    ['a label that is not a class index', 'h.csv', '0.1,1.5\n', /not a class index/],
  ] as const)('refuses %s, naming the line', async (_, name, text, message) => {
    await expect(readInputs(file(name, text), 'last')).rejects.toThrow(message);
    await expect(readInputs(file(name, text), 'last')).rejects.toMatchObject({ where: expect.objectContaining({ line: expect.any(Number) }) });
  });
});
