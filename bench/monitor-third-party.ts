// Issue #13, third-party tools: where the numeric detectors (and the published PRADA and Blacklight) catch each
// tool-style attacker of `src/monitor/test-support/third-party/`, and which benign clients (of which kind) they flag.
// `npx tsx bench/monitor-third-party.ts 101,102 [bench|small] [digits|digits-28|credit|sensors|colour-32]`; `bench` runs each tool four
// times as long, `small` a quarter (the new victims' tests); the victim is the 8×8 digits unless named (`src/monitor/test-support/victims/`).
import { createDetectors } from '../src/monitor/detectors.ts';
import { Monitor } from '../src/monitor/engine.ts';
import { presetMapping } from '../src/monitor/mapping.ts';
import { scoreAlerts, type Score } from '../src/monitor/test-support/score.ts';
import { thirdPartyTraffic, type Tool } from '../src/monitor/test-support/third-party/traffic.ts';
import { loadVictim, VICTIM_NAMES, type VictimName } from '../src/monitor/test-support/victims/index.ts';
import { trainingRecordsOf } from '../src/monitor/training-set/training-records.ts';
import { blacklight, prada } from './monitor-baselines.ts';
import { scoreBaseline } from './monitor.bench.ts';

// With the victim's training records given (`rampart monitor --training-data`), as a team that owns the model can.
const NUMERIC = ['monitor/extraction', 'monitor/evasion-search', 'monitor/membership-probing', 'monitor/flooding', 'monitor/training-records'];
const seeds = (process.argv[2] ?? '101').split(',').map(Number);
const scale = (['bench', 'small'] as const).find((s) => process.argv.slice(3).includes(s)) ?? 'test';
const name = (process.argv.slice(3).find((a) => VICTIM_NAMES.includes(a as VictimName)) ?? 'digits') as VictimName;
const victim = await loadVictim(name);
// RAMPART_BENCH_TOOLS=art-simba-dct,…: those tools' clients (with the benign ones) instead of the held-out set, e.g. `LATER_TOOLS`.
const tools = process.env.RAMPART_BENCH_TOOLS?.split(',') as Tool[] | undefined;
// RAMPART_BENCH_PARAMS='{"monitor/evasion-search":{"matchThreshold":16}}': detector parameters, as `rampart monitor --params` takes them.
const params = JSON.parse(process.env.RAMPART_BENCH_PARAMS ?? '{}') as Record<string, unknown>;
for (const seed of seeds) {
  const traffic = await thirdPartyTraffic(seed, scale, tools, victim);
  const monitor = new Monitor({ mapping: presetMapping('kserve'), detectors: createDetectors(NUMERIC, params, 'parameters', { trainingRecords: trainingRecordsOf(traffic.training) }) });
  traffic.lines.forEach((line, i) => monitor.line(line, 'traffic', i + 1));
  // DUMP=file: the traffic's log lines, to replay with `rampart monitor` or study one tool's queries.
  if (process.env.DUMP) (await import('node:fs')).writeFileSync(process.env.DUMP, traffic.lines.join('\n') + '\n');
  const { alerts, stats } = monitor.result();
  const ours = scoreAlerts(traffic, alerts);
  const baselines = [prada(), blacklight()].map((b) => scoreBaseline(traffic, b));
  const at = (s: Omit<Score, 'events'>, client: string): string => {
    const a = s.attackers.find((x) => x.client === client);
    return !a || a.caughtAt === undefined ? 'missed' : `${a.caughtAt}${a.early ? '' : ' (late)'}`;
  };
  console.log(`\nseed ${seed} (${scale}${name === 'digits' ? '' : `, ${name}`}): ${stats.events} events, ${traffic.clients.length} clients\n`);
  console.log('| tool | queries | expected | Rampart: caught at | also raised | PRADA | Blacklight |');
  console.log('|---|---:|---|---:|---|---:|---:|');
  for (const a of ours.attackers) console.log(`| ${a.role} | ${a.queries} | ${traffic.expected[a.role]} | ${at(ours, a.client)} | ${a.also.join(', ') || '—'} | ${baselines.map((b) => at(b, a.client)).join(' | ')} |`);
  const kind = (id: string): string => `${id} (${traffic.clients.find((c) => c.id === id)?.kind ?? '?'}: ${[...new Set(alerts.filter((a) => a.client === id).map((a) => a.detector))].join(', ')})`;
  const early = (s: Omit<Score, 'events'>): string => `${s.attackers.filter((a) => a.early).length}/${s.attackers.length}`;
  console.log(`\nearly: Rampart ${early(ours)}, PRADA ${early(baselines[0] as Score)}, Blacklight ${early(baselines[1] as Score)}`);
  console.log(`benign flagged: Rampart ${ours.benignFlagged.length}/${ours.benign} [${ours.benignFlagged.map(kind).join('; ')}], PRADA ${baselines[0]?.benignFlagged.length}, Blacklight ${baselines[1]?.benignFlagged.length}`);
  // RAMPART_BENCH_SHOW=benign: why each benign client was flagged (the first alert of each detector and technique);
  // RAMPART_BENCH_SHOW=client-art-boundary,…: those clients' alerts.
  const show = process.env.RAMPART_BENCH_SHOW?.split(',') ?? [];
  for (const a of alerts.filter((x) => show.includes(x.client) || (show.includes('benign') && ours.benignFlagged.includes(x.client)))) {
    console.log(`  ${a.client} ${a.detector} [${a.techniques.join(', ')}] at its event ${a.atClientEvent}: ${a.summary}`);
  }
}
