// `npm run bench attack-http`: HopSkipJump against a scikit-learn-shaped HTTP server (parallel arrays
// `{"predictions": [...], "probabilities": [[...]]}`) reached through a four-line target file that reads the
// labels batched, against ART's L2 at equal queries. Same protocol as `npm run bench attack` (digits, 70/30
// split, first 100 correctly classified test points, untargeted L2, label-only), but every query goes over
// HTTP on 127.0.0.1:8840 through the new mapping, coalesced into batched calls.
import { EvasionParams, runEvasion } from '../src/attacks/evasion.ts';
import { loadDigits, stratifiedSplit } from '../src/ml/dataset.ts';
import { accuracy, predictProba } from '../src/ml/network.ts';
import { trainVictim } from '../src/ml/victims.ts';
import { argmax, type Vector } from '../src/ml/vector.ts';
import { openTarget } from '../src/targets/open-target.ts';
import { expandPreset } from '../src/targets/presets.ts';
import { TargetFile } from '../src/targets/target-file.ts';
import { startShapeServer } from '../src/targets/test-support/shape-server.ts';
import { loadavg } from 'node:os';

const anchors: Record<string, Record<number, number>> = { mlp: { 907: 0.885, 6394: 0.661 }, 'logistic-regression': { 907: 1.017, 6394: 0.787 } };
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const port = Number(process.env.BENCH_PORT ?? 8840);

export async function run(): Promise<void> {
  const { train, test } = stratifiedSplit(await loadDigits(), 0.3, 0);
  console.log(`load average at start: ${load()}`);
  console.log('| victim (test acc) | queries/input | success | median L2 (Rampart / ART) | HTTP calls | inputs per call | s per run (wall) |');
  console.log('|---|---:|---:|---|---:|---:|---:|');
  for (const kind of ['mlp', 'logistic-regression'] as const) {
    const net = trainVictim(kind, train);
    const idx = test.x.map((_, i) => i).filter((i) => argmax(predictProba(net, test.x[i] as Vector)) === test.y[i]).slice(0, 100);
    const xs = idx.map((i) => test.x[i] as Vector);
    const ys = idx.map((i) => test.y[i] as number);
    const server = await startShapeServer(net, 'sklearn', { flavour: 'labels', port });
    try {
      for (const queries of [907, 6394]) {
        // The target file a user writes for this server (see src/attacks/README.md, "Target files").
        const file = { kind: 'http-json', url: `${server.url}/predict`, request: { template: { instances: '{{inputs}}' }, maxBatch: 1000 }, response: { labels: 'predictions' } };
        const target = await openTarget(TargetFile.parse(expandPreset(file)), { baseDir: '.', fallbackName: 'sklearn-http' });
        const started = performance.now();
        const { summary } = await runEvasion(target, xs, ys, EvasionParams.parse({ queriesPerInput: queries, concurrency: 100, distances: [1] }));
        const seconds = (performance.now() - started) / 1000;
        const stats = target.stats();
        await target.close();
        console.log(
          `| ${kind} (${accuracy(net, test.x, test.y).toFixed(3)}) | ${queries} | ${(summary.successRate * 100).toFixed(0)}% | ${summary.medianL2?.toFixed(3)} / ${anchors[kind]?.[queries]} | ${stats.calls} | ${(stats.queries / stats.calls).toFixed(1)} | ${seconds.toFixed(1)} |`,
        );
      }
    } finally {
      await server.close();
    }
  }
  console.log(`\nload average at end: ${load()}`);
}
