import { familyCheck } from '../family-check.ts';

export const indirectInjection = familyCheck({
  family: 'indirect-injection',
  title: 'Indirect prompt injection through retrieved content',
  summary: 'Plants documents carrying instructions in the app’s knowledge base (RAG poisoning), asks a question that retrieves them, and checks whether the app followed them: said a token, leaked a canary, rendered an attacker image or fetched an attacker URL. Inconclusive without a knowledge base.',
  // The injection itself, then what the planted notes can achieve (src/llm/library.ts): a leak, a rendered
  // image, a tool invoked, data sent out through a tool. Reported only when a probe achieved it.
  techniques: ['AML.T0051.001', 'AML.T0070', 'AML.T0066', 'AML.T0057', 'AML.T0077', 'AML.T0053', 'AML.T0086'],
  severity: 'high',
  impact: { sendsTraffic: true, intrusive: true, cost: 'medium' },
});
