import { readFile } from 'node:fs/promises';
import { createRng, shuffled } from './rng.ts';
import type { Vector } from './vector.ts';

/** Labelled rows of numeric features. */
export interface Dataset {
  x: Vector[];
  y: number[];
}

/**
 * Parse a numeric CSV whose last column is the integer class label. `scale` divides every feature, e.g. 16
 * for the digits pixels so features lie in [0, 1] as in the ART baseline.
 */
export function parseLabelledCsv(text: string, scale = 1): Dataset {
  const x: Vector[] = [];
  const y: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const cells = line.split(',').map(Number);
    const label = cells.pop();
    if (label === undefined || cells.some((v) => !Number.isFinite(v)) || !Number.isInteger(label)) {
      throw new Error(`not a numeric CSV row with an integer label: ${line.slice(0, 60)}`);
    }
    x.push(Float64Array.from(cells, (v) => v / scale));
    y.push(label);
  }
  return { x, y };
}

export const digitsCsvPath = new URL('../../test/fixtures/digits/digits.csv', import.meta.url);

/** The shipped digits data, pixels divided by 16. */
export async function loadDigits(): Promise<Dataset> {
  return parseLabelledCsv(await readFile(digitsCsvPath, 'utf8'), 16);
}

/** Stratified split: each class keeps `testShare` of its rows in the test set, shuffled with `seed`. */
export function stratifiedSplit(data: Dataset, testShare: number, seed: number): { train: Dataset; test: Dataset } {
  const rng = createRng(seed);
  const byClass = new Map<number, number[]>();
  data.y.forEach((label, i) => byClass.set(label, [...(byClass.get(label) ?? []), i]));
  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = shuffled(byClass.get(label) ?? [], rng);
    const nTest = Math.round(rows.length * testShare);
    testIdx.push(...rows.slice(0, nTest));
    trainIdx.push(...rows.slice(nTest));
  }
  const pick = (idx: number[]): Dataset => {
    const order = shuffled(idx, rng);
    return { x: order.map((i) => data.x[i] as Vector), y: order.map((i) => data.y[i] as number) };
  };
  return { train: pick(trainIdx), test: pick(testIdx) };
}
