import { createDetectors } from '../../detectors.ts';
import { Monitor } from '../../engine.ts';
import { presetMapping } from '../../mapping.ts';
import { trainingRecordsOf } from '../../training-set/training-records.ts';
import { scoreAlerts, type Score } from '../score.ts';
import { thirdPartyTraffic, type ThirdPartyTraffic } from '../third-party/traffic.ts';
import { loadVictim, type VictimName } from './index.ts';

/** The numeric detectors, with the victim's training records given (`rampart monitor --training-data`). */
export const DETECTORS = ['monitor/extraction', 'monitor/evasion-search', 'monitor/membership-probing', 'monitor/flooding', 'monitor/training-records'];

/** Seed 501, at `small` scale: the victims' first held-out runs (victims-evaluation.test.ts). */
const SEED = 501;

export interface Run {
  traffic: ThirdPartyTraffic;
  score: Omit<Score, 'events'>;
  /** The benign clients each detector flagged. */
  byDetector: Map<string, string[]>;
}

/** The third-party traffic against a victim, through the numeric detectors, scored. */
export async function run(name: Exclude<VictimName, 'digits'>, seed = SEED, scale: 'small' | 'test' = 'small'): Promise<Run> {
  const traffic = await thirdPartyTraffic(seed, scale, undefined, await loadVictim(name));
  const monitor = new Monitor({ mapping: presetMapping('kserve'), detectors: createDetectors(DETECTORS, {}, 'parameters', { trainingRecords: trainingRecordsOf(traffic.training) }) });
  traffic.lines.forEach((line, i) => monitor.line(line, 'traffic', i + 1));
  const { alerts } = monitor.result();
  const benign = new Set(traffic.clients.filter((c) => c.role === 'benign').map((c) => c.id));
  const byDetector = new Map<string, string[]>();
  for (const a of alerts) if (benign.has(a.client)) byDetector.set(a.detector, [...(byDetector.get(a.detector) ?? []), a.client]);
  return { traffic, score: scoreAlerts(traffic, alerts), byDetector };
}
