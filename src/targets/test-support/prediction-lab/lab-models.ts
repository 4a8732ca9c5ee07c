import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDigits, stratifiedSplit, type Dataset } from '../../../ml/dataset.ts';
import { fit } from '../../../ml/fit.ts';
import { createNetwork, predictProba, type Network } from '../../../ml/network.ts';
import { networkToOnnx } from '../../../ml/onnx/write-network.ts';
import { argmax, type Vector } from '../../../ml/vector.ts';

/**
 * The lab's victims, trained at start from the shipped digits data (8×8 images, pixels / 16) with fixed seeds,
 * so every run serves the same models and the same data files:
 * - `overfit`: an MLP trained hard on 300 rows only (no weight decay) — it remembers its training rows, so
 *   membership inference separates them; served by the scikit-learn-shaped API and written as the ONNX file;
 * - `rounded`: a logistic regression on the whole training split, served by the KServe v2 server.
 */
export interface LabModels {
  overfit: Network;
  rounded: Network;
  /** Rows the overfit model was trained on (members) and rows it never saw, with their true labels. */
  members: Dataset;
  outsiders: Dataset;
  test: Dataset;
}

export const MEMBER_ROWS = 300;

export async function trainLabModels(): Promise<LabModels> {
  const { train: rows, test } = stratifiedSplit(await loadDigits(), 0.3, 0);
  const members = { x: rows.x.slice(0, MEMBER_ROWS), y: rows.y.slice(0, MEMBER_ROWS) };
  const outsiders = { x: rows.x.slice(MEMBER_ROWS), y: rows.y.slice(MEMBER_ROWS) };
  const overfit = createNetwork([64, 96, 10], 7);
  fit(overfit, members.x, members.y, { epochs: 120, learningRate: 0.005, batchSize: 32, l2: 0, seed: 7 });
  const rounded = createNetwork([64, 10], 3);
  fit(rounded, rows.x, rows.y, { epochs: 40, learningRate: 0.01, batchSize: 128, l2: 1 / rows.x.length, seed: 3 });
  return { overfit, rounded, members, outsiders, test };
}

/**
 * What the example inventory and the README commands read, written into `dir`: the ONNX file of the overfit
 * model, and one inputs file per attack (CSV, label last; the membership file carries a `member` column).
 */
export async function writeLabFiles(models: LabModels, dir: string): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  const files = {
    onnx: join(dir, 'digits-mlp.onnx'),
    evasion: join(dir, 'evasion.csv'),
    extraction: join(dir, 'extraction.csv'),
    membership: join(dir, 'membership.csv'),
  };
  const header = Array.from({ length: 64 }, (_, i) => `px${i}`).join(',');
  const csv = (xs: readonly Vector[], ys: readonly number[], member?: readonly boolean[]): string =>
    `${header},label${member ? ',member' : ''}\n${xs.map((x, i) => `${Array.from(x).join(',')},${ys[i]}${member ? `,${member[i] ? 1 : 0}` : ''}`).join('\n')}\n`;
  // Evasion: 20 test images the served model gets right (an attack on a wrong answer proves nothing).
  const right = models.test.x.map((x, i) => i).filter((i) => argmax(predictProba(models.overfit, models.test.x[i] as Vector)) === models.test.y[i]).slice(0, 20);
  // Extraction: 100 seeds the attacker holds, then 300 held-out images fidelity is measured on.
  const extraction = [...models.outsiders.x.slice(0, 100), ...models.test.x.slice(0, 300)];
  // Membership: 100 training rows and 100 rows the model never saw, interleaved.
  const mixed = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? { x: models.members.x[i / 2], y: models.members.y[i / 2], m: true } : { x: models.outsiders.x[(i - 1) / 2], y: models.outsiders.y[(i - 1) / 2], m: false }));
  await Promise.all([
    writeFile(files.onnx, networkToOnnx(models.overfit, 'lab-digits-mlp')),
    writeFile(files.evasion, csv(right.map((i) => models.test.x[i] as Vector), right.map((i) => models.test.y[i] as number))),
    writeFile(files.extraction, `${header}\n${extraction.map((x) => Array.from(x).join(',')).join('\n')}\n`),
    writeFile(files.membership, csv(mixed.map((r) => r.x as Vector), mixed.map((r) => r.y as number), mixed.map((r) => r.m))),
  ]);
  return files;
}
