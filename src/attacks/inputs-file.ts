import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputSet } from './inputs.ts';
import { inputError } from '../errors.ts';
import { parseSourceText } from '../util/yaml-source.ts';
import { parseWith } from '../util/zod-input.ts';

/**
 * `--inputs`: JSON `{ "inputs": [[…]], "labels": […], "members": […] }` or CSV of numbers, one input per row,
 * with the label in the last column unless `labelColumn` is 'none'. A header row is skipped; a column it
 * heads `member` (1/0, true/false, yes/no) marks training members and is not a feature (the label is then
 * the last of the other columns).
 */
export async function readInputs(file: string, labelColumn: 'last' | 'none'): Promise<InputSet> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw inputError(`cannot read inputs: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file }, 'check the --inputs path');
  }
  if (/\.csv$/i.test(file) || !/^\s*[{[]/.test(text)) return parseCsv(text, file, labelColumn);
  return parseWith(InputSet, parseSourceText(text, file, 'inputs file'), 'inputs file', 'expected { "inputs": [[…]], "labels": […] }');
}

/** The header of the column that marks training members in a CSV (membership inference). */
export const MEMBER_COLUMN = 'member';
const MEMBER_VALUES: Record<string, boolean> = { '1': true, '0': false, true: true, false: false, yes: true, no: false };

function parseCsv(text: string, file: string, labelColumn: 'last' | 'none'): InputSet {
  const inputs: number[][] = [];
  const labels: number[] = [];
  const members: boolean[] = [];
  let memberAt = -1;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const cells = line.split(',').map((c) => c.trim());
    if (i === 0 && cells.some((c) => c === '' || !Number.isFinite(Number(c)))) {
      // A header: skipped, but it may name the members column.
      memberAt = cells.findIndex((c) => c.replace(/^"|"$/g, '').toLowerCase() === MEMBER_COLUMN);
      return;
    }
    if (memberAt >= 0) {
      const raw = (cells.splice(memberAt, 1)[0] ?? '').toLowerCase();
      const member = MEMBER_VALUES[raw];
      if (member === undefined) throw inputError(`the ${MEMBER_COLUMN} column holds "${raw}"`, { file, line: i + 1 }, 'mark training members with 1/0, true/false or yes/no');
      members.push(member);
    }
    const values = cells.map(Number);
    if (values.some((v, k) => !Number.isFinite(v) || cells[k] === '')) {
      throw inputError('not a number in the CSV row', { file, line: i + 1 }, 'inputs must be numeric; encode categories as numbers first');
    }
    if (labelColumn === 'last') {
      const label = values.pop() as number;
      if (!Number.isInteger(label) || label < 0) throw inputError(`the last column (${label}) is not a class index`, { file, line: i + 1 }, 'use --csv-labels none if the CSV has no label column');
      labels.push(label);
    }
    inputs.push(values);
  });
  const parsed = InputSet.safeParse({ inputs, ...(labelColumn === 'last' ? { labels } : {}), ...(memberAt >= 0 ? { members } : {}) });
  if (!parsed.success) throw inputError(`inputs CSV: ${z.prettifyError(parsed.error).split('\n')[0]}`, { file });
  return parsed.data;
}
