// Issue #13 (monitor-catch): where each attacker is caught, and which benign clients are flagged, on several seeds
// of the test traffic, with the extraction detector's CUSUM off (0) and on. `npx tsx bench/monitor-extraction-seeds.ts
// 31,32,33,34,35 [pool] [cusum]`; `pool` gives the extraction attackers the attack's pool of natural inputs.
import { createDetectors } from '../src/monitor/detectors.ts';
import { scoreDetectors } from '../src/monitor/test-support/score.ts';
import { generateTraffic } from '../src/monitor/test-support/traffic.ts';

const NUMERIC = ['monitor/extraction', 'monitor/evasion-search', 'monitor/membership-probing', 'monitor/flooding'];
const seeds = (process.argv[2] ?? '11').split(',').map(Number);
const pool = process.argv[3] === 'pool';
const cusum = Number(process.argv[4] ?? 12);
for (const seed of seeds) {
  const traffic = await generateTraffic({ seed, benignClients: 40, benignQueries: 100, attackers: { 'hop-skip-jump': 1, simba: 1, extraction: 1, 'slow-extraction': 1, membership: 1, flood: 1 }, scale: 'test', extractionPool: pool });
  for (const c of [0, cusum]) {
    const score = scoreDetectors(traffic, createDetectors(NUMERIC, { 'monitor/extraction': { boundaryCusum: c } }));
    const attackers = score.attackers.map((a) => `${a.role}@${a.caughtAt ?? 'missed'}/${a.queries}${a.early ? '' : ' LATE'}`).join(' ');
    console.log(`seed ${seed}${pool ? ' pool' : ''} cusum ${c}: benign flagged [${score.benignFlagged.join(', ')}] ${attackers}`);
  }
}
