import { victimAndData } from '../traffic.ts';
import { transferSet } from '../third-party/transfer-set.ts';
import { colour32Victim } from './colour-32.ts';
import { creditVictim } from './credit.ts';
import { digits28Victim } from './digits-28.ts';
import { sensorsVictim } from './sensors.ts';
import type { TrafficVictim, VictimName } from './victim.ts';

export type { TrafficVictim, VictimName } from './victim.ts';
export { VICTIM_NAMES } from './victim.ts';

/** The victim by name; each call trains it afresh (a few seconds at most), nothing is cached on disk. */
export async function loadVictim(name: VictimName): Promise<TrafficVictim> {
  if (name === 'digits-28') return digits28Victim();
  if (name === 'credit') return creditVictim();
  if (name === 'sensors') return sensorsVictim();
  if (name === 'colour-32') return colour32Victim();
  const { victim, train, test } = await victimAndData(1);
  return { name, model: victim, train, test, side: 8, transfer: (n, own, rng) => transferSet(n, own, 8, rng), wire: 'v1' };
}
