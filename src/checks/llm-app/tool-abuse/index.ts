import { familyCheck } from '../family-check.ts';

export const toolAbuse = familyCheck({
  family: 'tool-abuse',
  title: 'Agent tool abuse',
  summary: 'Induces the agent to call tools for the attacker: fetch an attacker URL, send internal data to it, delete a record, bulk-read customer records. Seen as tool calls in the reply or out of band through the callback listener; inconclusive when neither tools nor a listener are available.',
  techniques: ['AML.T0053', 'AML.T0086', 'AML.T0101', 'AML.T0085.001'],
  severity: 'critical',
  impact: { sendsTraffic: true, intrusive: true, cost: 'medium' },
});
