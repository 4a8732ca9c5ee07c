// Issue #13, the value-domain test (monitor/extraction, `value-domain.ts`): do natural clients whose data carries
// off-domain values get flagged? The credit victim's third-party traffic with its benign clients' inputs altered:
// `typo` (each input, with probability 5%, one count or amount gets a fraction: a typo, a misread field), `typo2`
// (the same with two features at once), `unit` (eight natural clients send income in thousands, 45.3 for 45,300:
// one column whose unit changed), `units` (the same clients send all four amounts in thousands), `none`; a third
// argument sets the typos' rate (0.05). Prints the benign clients flagged by monitor/extraction and JbDA's catch.
// `npx tsx bench/monitor-value-domain.ts 801,802 typo`. The answers (scores) are the unaltered inputs'.
import { createDetectors } from '../src/monitor/detectors.ts';
import { Monitor } from '../src/monitor/engine.ts';
import { presetMapping } from '../src/monitor/mapping.ts';
import { createRng } from '../src/ml/rng.ts';
import { scoreAlerts } from '../src/monitor/test-support/score.ts';
import { thirdPartyTraffic } from '../src/monitor/test-support/third-party/traffic.ts';
import { loadVictim } from '../src/monitor/test-support/victims/index.ts';

const seeds = (process.argv[2] ?? '801').split(',').map(Number);
const mode = process.argv[3] ?? 'typo';
const rate = Number(process.argv[4] ?? 0.05);
const victim = await loadVictim('credit');
/** Age, the four amounts and the five counts of the credit victim's 20 features. */
const NUMBERS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
for (const seed of seeds) {
  const traffic = await thirdPartyTraffic(seed, 'test', undefined, victim);
  const rng = createRng(seed + 77);
  const unitChanged = new Set(traffic.clients.filter((c) => c.kind === 'natural').slice(0, 8).map((c) => c.id));
  const lines = traffic.lines.map((line) => {
    const o = JSON.parse(line) as { client: string; request: { instances: number[][] } };
    if (!o.client.startsWith('key-')) return line;
    for (const x of o.request.instances) {
      if (mode === 'unit' && unitChanged.has(o.client)) x[1] = (x[1] as number) / 1000;
      if (mode === 'units' && unitChanged.has(o.client)) for (const i of [1, 2, 3, 4]) x[i] = (x[i] as number) / 1000;
      if ((mode === 'typo' || mode === 'typo2') && rng.next() < rate) {
        for (let k = 0; k < (mode === 'typo2' ? 2 : 1); k++) {
          const i = NUMBERS[rng.int(NUMBERS.length)] as number;
          x[i] = Math.round(((x[i] as number) + 0.1 + 0.8 * rng.next()) * 1e6) / 1e6;
        }
      }
    }
    return JSON.stringify(o);
  });
  const monitor = new Monitor({ mapping: presetMapping('kserve'), detectors: createDetectors(['monitor/extraction']) });
  lines.forEach((line, i) => monitor.line(line, 'traffic', i + 1));
  const { alerts } = monitor.result();
  const score = scoreAlerts(traffic, alerts);
  const jbda = score.attackers.find((a) => a.role === 'jbda');
  const why = (id: string): string => `${id} (${traffic.clients.find((c) => c.id === id)?.kind}: ${alerts.find((a) => a.client === id)?.summary.slice(0, 60)})`;
  console.log(`seed ${seed} ${mode}${mode.startsWith('typo') ? ` ${rate}` : ''}: benign flagged ${score.benignFlagged.length}/${score.benign} [${score.benignFlagged.map(why).join('; ')}], jbda caught at ${jbda?.caughtAt ?? 'missed'}`);
}
