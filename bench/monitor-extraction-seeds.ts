// Issue #13: where each attacker is caught, and which benign clients are flagged, on several seeds of the test
// traffic, with one extraction-detector parameter changed ("before") and with the defaults ("after").
// `npx tsx bench/monitor-extraction-seeds.ts 54,55,56 [pool] [param=value]`; `pool` gives the extraction attackers
// the attack's pool of natural inputs; the parameter defaults to marginRankCusum=0 (the margin-rank test off; the
// CUSUM of boundary answers was compared with boundaryCusum=0).
import { createDetectors } from '../src/monitor/detectors.ts';
import { scoreDetectors } from '../src/monitor/test-support/score.ts';
import { generateTraffic } from '../src/monitor/test-support/traffic.ts';

const NUMERIC = ['monitor/extraction', 'monitor/evasion-search', 'monitor/membership-probing', 'monitor/flooding'];
const seeds = (process.argv[2] ?? '11').split(',').map(Number);
const pool = process.argv[3] === 'pool';
const [name, value] = (process.argv[pool ? 4 : 3] ?? 'marginRankCusum=0').split('=');
for (const seed of seeds) {
  const traffic = await generateTraffic({ seed, benignClients: 40, benignQueries: 100, attackers: { 'hop-skip-jump': 1, simba: 1, extraction: 1, 'slow-extraction': 1, membership: 1, flood: 1 }, scale: 'test', extractionPool: pool });
  for (const [label, params] of [[`${name}=${value}`, { [name as string]: Number(value) }], ['defaults', {}]] as const) {
    const score = scoreDetectors(traffic, createDetectors(NUMERIC, { 'monitor/extraction': params }));
    const attackers = score.attackers.map((a) => `${a.role}@${a.caughtAt ?? 'missed'}/${a.queries}${a.early ? '' : ' LATE'}`).join(' ');
    console.log(`seed ${seed}${pool ? ' pool' : ''} ${label}: benign flagged [${score.benignFlagged.join(', ')}] ${attackers}`);
  }
}
