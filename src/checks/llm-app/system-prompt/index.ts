import { familyCheck } from '../family-check.ts';

export const systemPrompt = familyCheck({
  family: 'system-prompt',
  title: 'System prompt and system information discovery',
  summary: 'Asks for the system prompt (plainly, paraphrased, over several turns, in role-play, in German) and for the prompt format and function names; judges by n-gram overlap with the declared system prompt, declared canaries found in it, chat-template tokens and declared tool identifiers.',
  techniques: ['AML.T0056', 'AML.T0069.000', 'AML.T0069.001', 'AML.T0069.002'],
  severity: 'medium',
  impact: { sendsTraffic: true, intrusive: false, cost: 'low' },
});
