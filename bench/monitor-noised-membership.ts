// Issue #13, the noised-records evasion: ART's MembershipInferenceBlackBox with each record sent with Gaussian noise
// (σ 2, 5, 10% of the range) among the 40 benign clients of the third-party traffic. Prints what the numeric
// detectors raise on each noised attacker, and how much membership signal the noised answers still carry (the AUC
// of the victim's confidence, members against non-members, clean and noised).
// `npx tsx bench/monitor-noised-membership.ts 101,102`
import { createDetectors } from '../src/monitor/detectors.ts';
import { Monitor } from '../src/monitor/engine.ts';
import { presetMapping } from '../src/monitor/mapping.ts';
import { scoreAlerts } from '../src/monitor/test-support/score.ts';
import { victimAndData } from '../src/monitor/test-support/traffic.ts';
import { thirdPartyTraffic, type Tool } from '../src/monitor/test-support/third-party/traffic.ts';
import { trainingRecordsOf } from '../src/monitor/training-set/training-records.ts';
import { createRng } from '../src/ml/rng.ts';
import { accuracy, predictProba, type Network } from '../src/ml/network.ts';
import type { Dataset } from '../src/ml/dataset.ts';
import { trainVictim } from '../src/ml/victims.ts';
import type { Vector } from '../src/ml/vector.ts';

const NUMERIC = ['monitor/extraction', 'monitor/evasion-search', 'monitor/membership-probing', 'monitor/flooding', 'monitor/training-records'];
const NOISED: Tool[] = ['mi-noised-2', 'mi-noised-5', 'mi-noised-10'];
const seeds = (process.argv[2] ?? '101').split(',').map(Number);

// How much a confidence attack learns from the noised answers (Yeom et al.: the probability of the record's own
// label, members over non-members, as an AUC): on the traffic's victim, and on an over-fitted one (an MLP on 300
// records, where membership inference works), with each record noised once and with the mean over 8 noised copies.
const { victim, train, test } = await victimAndData(1);
const few = { x: train.x.slice(0, 300), y: train.y.slice(0, 300) };
const overfitted = trainVictim('mlp', few, { epochs: 400, seed: 3 });
const rng = createRng(7);
const auc = (net: Network, members: Dataset, others: Dataset, sigma: number, copies: number): number => {
  const own = (x: Vector, y: number): number => {
    let sum = 0;
    for (let k = 0; k < copies; k++) sum += predictProba(net, Float64Array.from(x, (v) => Math.min(1, Math.max(0, v + sigma * rng.normal()))))[y] as number;
    return sum / copies;
  };
  const a = members.x.map((x, i) => own(x, members.y[i] as number));
  const b = others.x.map((x, i) => own(x, others.y[i] as number));
  let wins = 0;
  for (const u of a) for (const v of b) wins += u > v ? 1 : u === v ? 0.5 : 0;
  return wins / (a.length * b.length);
};
const held = { x: test.x.slice(0, 300), y: test.y.slice(0, 300) };
console.log(`membership signal: AUC of the own label's probability, 300 members vs 300 non-members (train/test accuracy: traffic's victim ${accuracy(victim, few.x, few.y).toFixed(3)}/${accuracy(victim, held.x, held.y).toFixed(3)}, over-fitted ${accuracy(overfitted, few.x, few.y).toFixed(3)}/${accuracy(overfitted, held.x, held.y).toFixed(3)})`);
console.log('| σ | traffic victim, 1 copy | over-fitted, 1 copy | over-fitted, mean of 8 |');
console.log('|---:|---:|---:|---:|');
if (process.argv[3] !== "quick") for (const sigma of [0, 0.02, 0.05, 0.1]) console.log(`| ${sigma} | ${auc(victim, few, held, sigma, 1).toFixed(3)} | ${auc(overfitted, few, held, sigma, 1).toFixed(3)} | ${auc(overfitted, few, held, sigma, 8).toFixed(3)} |`);

// One noised attacker a traffic: each among the same 40 benign clients (two attackers at once would raise each other's norm).
for (const seed of seeds) {
  console.log(`\nseed ${seed}`);
  for (const tool of NOISED) {
    const traffic = await thirdPartyTraffic(seed, 'test', [tool]);
    const monitor = new Monitor({ mapping: presetMapping('kserve'), detectors: createDetectors(NUMERIC, {}, 'parameters', { trainingRecords: trainingRecordsOf(traffic.training) }) });
    traffic.lines.forEach((line, i) => monitor.line(line, 'traffic', i + 1));
    const { alerts } = monitor.result();
    const score = scoreAlerts(traffic, alerts);
    for (const a of score.attackers) {
      const raised = alerts.filter((x) => x.client === a.client).map((x) => `${x.detector} ${x.techniques.join('+')} at ${x.atClientEvent}`);
      console.log(`  ${a.role}: ${a.caughtAt === undefined ? 'missed' : `caught at ${a.caughtAt}`} [${raised.join('; ') || 'no alert'}]; benign flagged ${score.benignFlagged.length}/${score.benign}`);
    }
  }
}
