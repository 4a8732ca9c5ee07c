import type { TechniqueId } from '../../../atlas/ids.ts';
import { defineMonitorCheck } from '../monitor-check.ts';
import { membershipProbingDetector, MembershipProbingParams } from './detector.ts';

export const membershipProbing = defineMonitorCheck({
  id: 'monitor/membership-probing',
  title: 'Membership-inference probing in inference logs',
  summary: 'Per client, finds clusters of noisy copies around one input — the queries of label-only membership inference — and tells them from the tiny steps of evasion search.',
  techniques: ['AML.T0024.000'] as TechniqueId[],
  params: MembershipProbingParams,
  examples: [
    { title: 'Defaults', params: {} },
    { title: 'Stricter: 16 copies on a tight shell', params: { copies: 16, spread: 0.15 } },
  ],
  detector: { fields: ['client', 'input', 'time'], requires: ['input'], create: membershipProbingDetector },
});
