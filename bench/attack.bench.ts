// `npm run bench attack`: the prediction-API attacks on the digits data against the ART baseline
// (see src/attacks/README.md for the protocol and the figures). Victims are trained by our own code and
// answered in-process, label-only, as ART's BlackBoxClassifier(predict_fn) was. Each evasion figure is the
// median of REPEATS runs (the machine is shared); CPU time is the process's, wall time what ART measured.
// Extraction has its own: bench/attack-extraction.bench.ts.
import { EvasionParams, runEvasion } from '../src/attacks/evasion.ts';
import { loadDigits, stratifiedSplit } from '../src/ml/dataset.ts';
import { accuracy, predictProba } from '../src/ml/network.ts';
import { trainVictim, type VictimKind } from '../src/ml/victims.ts';
import { argmax, median, type Vector } from '../src/ml/vector.ts';
import { guardTarget } from '../src/targets/guarded-target.ts';
import { localModelTransport } from '../src/targets/local-model.ts';
import { onnxTransport } from '../src/targets/onnx/onnx-transport.ts';
import { networkToOnnx } from '../src/ml/onnx/write-network.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const anchors: Record<VictimKind, Record<number, number>> = { mlp: { 907: 0.885, 6394: 0.661 }, 'logistic-regression': { 907: 1.017, 6394: 0.787 } };
const artMsPerInput: Record<VictimKind, Record<number, number>> = { mlp: { 907: 10, 6394: 52 }, 'logistic-regression': { 907: 8, 6394: 33 } };
const repeats = Number(process.env.REPEATS ?? 3);
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

export async function run(): Promise<void> {
  const { train, test } = stratifiedSplit(await loadDigits(), 0.3, 0);
  console.log(`load average at start: ${load()}; ${repeats} runs per row, medians shown`);
  console.log('| victim (test acc) | start, victim runtime | queries/input | success | median L2 | ART median L2 | L2 ≤ 1 | ms/input (wall) | ms/input (CPU) | ART ms/input |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const kind of ['mlp', 'logistic-regression'] as const) {
    const net = trainVictim(kind, train);
    const idx = test.x.map((_, i) => i).filter((i) => argmax(predictProba(net, test.x[i] as Vector)) === test.y[i]).slice(0, 100);
    const xs = idx.map((i) => test.x[i] as Vector);
    const ys = idx.map((i) => test.y[i] as number);
    const onnxPath = join(mkdtempSync(join(tmpdir(), 'rampart-bench-')), `${kind}.onnx`);
    writeFileSync(onnxPath, networkToOnnx(net));
    const runs = [
      { startFromInputs: true, victim: 'onnx' },
      { startFromInputs: true, victim: 'js' },
      { startFromInputs: false, victim: 'js' },
    ] as const;
    for (const { startFromInputs, victim } of runs) {
      for (const queries of [907, 6394]) {
        const wall: number[] = [];
        const cpu: number[] = [];
        let summary: Awaited<ReturnType<typeof runEvasion>>['summary'] | undefined;
        for (let r = 0; r < repeats; r++) {
          // The ONNX file through our onnx target is the like-for-like of ART's sklearn victim: native
          // inference, one intra-op thread (its pool's spinning would take the attack's core).
          const transport = victim === 'onnx' ? await onnxTransport({ path: onnxPath, inputName: undefined, outputName: undefined, features: 64, maxBatch: 1 << 20, threads: 1 }) : localModelTransport(net, 'labels');
          const target = guardTarget(kind, transport);
          const cpu0 = process.cpuUsage();
          const started = performance.now();
          ({ summary } = await runEvasion(target, xs, ys, EvasionParams.parse({ queriesPerInput: queries, startFromInputs, concurrency: 100, distances: [1] })));
          wall.push((performance.now() - started) / xs.length);
          const used = process.cpuUsage(cpu0);
          cpu.push((used.user + used.system) / 1000 / xs.length);
          await target.close();
        }
        if (!summary) continue;
        console.log(
          `| ${kind} (${accuracy(net, test.x, test.y).toFixed(3)}) | ${startFromInputs ? 'nearest other-class input' : 'random noise'}, ${victim === 'onnx' ? 'ONNX via onnxruntime' : 'JS forward pass'} | ${queries} | ${(summary.successRate * 100).toFixed(0)}% | ${summary.medianL2?.toFixed(3)} | ${anchors[kind][queries]} | ${((summary.successAt[0]?.rate ?? 0) * 100).toFixed(0)}% | ${median(wall).toFixed(1)} | ${median(cpu).toFixed(1)} | ${artMsPerInput[kind][queries]} |`,
        );
      }
    }
  }
  console.log(`\nload average at end: ${load()}`);
}
