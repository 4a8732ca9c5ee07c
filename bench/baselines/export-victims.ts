// `npx tsx bench/baselines/export-victims.ts OUT.json`: the extraction benchmark's victims with their digits
// splits (bench/attack-extraction-victims.ts, trained by our code exactly as the benchmark trains them) as
// JSON, for baselines run outside Node (bench/baselines/knockoff_nets.py). Layers: weights row-major
// outputs × inputs, ReLU hidden, softmax.
import { writeFileSync } from 'node:fs';
import { extractionVictims } from '../attack-extraction-victims.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: export-victims.ts OUT.json');
const rows = (xs: Float64Array[]): number[][] => xs.map((x) => Array.from(x));
const victims = (await extractionVictims()).map((v) => ({
  name: v.name,
  heldOut: v.heldOut,
  train: rows(v.train.x),
  test: rows(v.test.x),
  layers: v.net.layers.map((l) => ({ inputs: l.inputs, outputs: l.outputs, weights: Array.from(l.weights), bias: Array.from(l.bias) })),
}));
writeFileSync(out, JSON.stringify({ victims }));
