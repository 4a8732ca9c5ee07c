import type { TechniqueId } from '../../../atlas/ids.ts';
import { defineMonitorCheck } from '../monitor-check.ts';
import { floodingDetector, FloodingParams } from './detector.ts';

export const flooding = defineMonitorCheck({
  id: 'monitor/flooding',
  title: 'Flooding and cost harvesting in inference logs',
  summary: 'Per client, requests and tokens per minute and recent latency against the population’s learned 99th percentile (and fixed minimums): floods, cost harvesting and sponge inputs.',
  techniques: ['AML.T0029', 'AML.T0034'] as TechniqueId[],
  params: FloodingParams,
  examples: [
    { title: 'Defaults', params: {} },
    { title: 'A gateway with a 600-requests-a-minute quota', params: { minPerMinute: 600, factor: 3 } },
  ],
  detector: { fields: ['client', 'time', 'tokensIn', 'tokensOut', 'latency'], requires: ['time'], create: floodingDetector },
});
