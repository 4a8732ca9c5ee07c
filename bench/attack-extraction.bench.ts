// `npm run bench attack-extraction`: label-only model extraction on the digits victims of
// bench/attack-extraction-victims.ts at 500 queries, against the KnockoffNets baseline
// (bench/baselines/knockoff_nets.py, run by hand). Two settings: 100 real seeds grown by synthetic queries
// (the attacker holds 100 unlabeled inputs), and the same 100 seeds plus the rest of the training split as
// a pool the attack chooses from (KnockoffNets' own setting: the same transfer set, the same query count).
// Victims answer in-process, labels only. CPU time is the process's; SURROGATE=logistic-regression swaps the copy.
import { loadavg } from 'node:os';
import { ExtractionParams, runExtraction } from '../src/attacks/extraction.ts';
import { median } from '../src/ml/vector.ts';
import { guardTarget } from '../src/targets/guarded-target.ts';
import { localModelTransport } from '../src/targets/local-model.ts';
import { extractionVictims } from './attack-extraction-victims.ts';

const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

export async function run(): Promise<void> {
  const surrogate = process.env.SURROGATE === 'logistic-regression' ? 'logistic-regression' : 'mlp';
  const victims = await extractionVictims();
  console.log(`load average at start: ${load()}; surrogate ${surrogate}`);
  console.log('| victim | natural inputs the attacker holds | queries | fidelity on the test split, mean over attack seeds (range) | chosen from the pool | s per run, median: wall / CPU |');
  console.log('|---|---|---|---|---|---|');
  for (const victim of victims) {
    for (const pooled of [false, true]) {
      const fidelities: number[] = [];
      const wall: number[] = [];
      const cpu: number[] = [];
      let queries = 0;
      let fromPool = 0;
      for (const seed of victim.attackSeeds) {
        const target = guardTarget(victim.name, localModelTransport(victim.net, 'labels'));
        const started = performance.now();
        const cpu0 = process.cpuUsage();
        const pool = pooled ? victim.train.x.slice(100) : [];
        const result = await runExtraction(target, victim.train.x.slice(0, 100), victim.test.x, ExtractionParams.parse({ queries: 500, surrogate, seed }), {}, pool);
        wall.push((performance.now() - started) / 1000);
        const used = process.cpuUsage(cpu0);
        cpu.push((used.user + used.system) / 1e6);
        fidelities.push(result.fidelity ?? 0);
        queries = Math.max(queries, result.attackQueries);
        fromPool = Math.max(fromPool, result.fromPool);
      }
      const mean = fidelities.reduce((s, v) => s + v, 0) / fidelities.length;
      const seeds = `${victim.attackSeeds[0]}–${victim.attackSeeds.at(-1)}`;
      const held = pooled ? `100 seeds + a pool of ${victim.train.x.length - 100}` : '100 seeds';
      console.log(`| ${victim.name}${victim.heldOut ? ' (held out)' : ''} | ${held} | ${queries} | ${pct(mean)} (${pct(Math.min(...fidelities))}–${pct(Math.max(...fidelities))}), seeds ${seeds} | ${fromPool} | ${median(wall).toFixed(2)} / ${median(cpu).toFixed(2)} |`);
    }
  }
  console.log(`\nload average at end: ${load()}`);
}
