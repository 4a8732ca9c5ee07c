// `npx tsx bench/baselines/export-victims.ts OUT.json`: the benchmark's digits split and its two victims
// (trained by our code exactly as bench/attack.bench.ts trains them) as JSON, for baselines run outside
// Node (bench/baselines/knockoff_nets.py). Layers: weights row-major outputs × inputs, ReLU hidden, softmax.
import { writeFileSync } from 'node:fs';
import { loadDigits, stratifiedSplit } from '../../src/ml/dataset.ts';
import { trainVictim } from '../../src/ml/victims.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: export-victims.ts OUT.json');
const { train, test } = stratifiedSplit(await loadDigits(), 0.3, 0);
const rows = (xs: Float64Array[]): number[][] => xs.map((x) => Array.from(x));
const victims = Object.fromEntries(
  (['mlp', 'logistic-regression'] as const).map((kind) => [kind, { layers: trainVictim(kind, train).layers.map((l) => ({ inputs: l.inputs, outputs: l.outputs, weights: Array.from(l.weights), bias: Array.from(l.bias) })) }]),
);
writeFileSync(out, JSON.stringify({ train: { x: rows(train.x), y: train.y }, test: { x: rows(test.x), y: test.y }, ...victims }));
