import type { TechniqueId } from '../../../atlas/ids.ts';
import { defineMonitorCheck } from '../monitor-check.ts';
import { evasionSearchDetector, EvasionSearchParams } from './detector.ts';

export const evasionSearch = defineMonitorCheck({
  id: 'monitor/evasion-search',
  title: 'Query-based evasion search in inference logs (Blacklight)',
  summary: 'Per client, counts near-duplicates of its own earlier queries by quantised-hash fingerprints (after Blacklight) chains of tiny steps, and L∞ steps (queries differing from a recent one by one magnitude ±m on every changed feature): the footprint of HopSkipJump, SimBA, boundary attacks and score-based L∞ searches such as SquareAttack; given the training records, a search that begins at one is label-only membership inference.',
  techniques: ['AML.T0043.001', 'AML.T0015', 'AML.T0024.000'] as TechniqueId[],
  params: EvasionSearchParams,
  examples: [
    { title: 'Defaults', params: {} },
    { title: 'Blacklight on 28×28 images', params: { window: 50, top: 50, matchThreshold: 25, levels: 5 } },
  ],
  detector: { fields: ['client', 'input', 'time'], requires: ['input'], create: evasionSearchDetector },
});
