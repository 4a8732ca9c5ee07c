import type { TechniqueId } from '../../../atlas/ids.ts';
import { defineMonitorCheck } from '../monitor-check.ts';
import { toolDestinationsDetector, ToolDestinationsParams } from './detector.ts';

export const toolDestinations = defineMonitorCheck({
  id: 'monitor/tool-destinations',
  title: 'Agent tool calls to unexpected destinations',
  summary: 'Every URL host and e-mail domain in a tool call’s arguments against the allowed destinations (or those the agent normally reaches), and known drop sites always.',
  techniques: ['AML.T0086'] as TechniqueId[],
  params: ToolDestinationsParams,
  examples: [
    { title: 'Learn the normal destinations', params: {} },
    { title: 'An allow list', params: { allowHosts: ['acme-bank.example', 'api.stripe.com'] } },
  ],
  detector: { fields: ['client', 'toolCalls', 'time'], requires: ['toolCalls'], create: toolDestinationsDetector },
});
