import { familyCheck } from '../family-check.ts';

export const indirectInjection = familyCheck({
  family: 'indirect-injection',
  title: 'Indirect prompt injection through retrieved content',
  summary: 'Plants documents carrying instructions in the app’s knowledge base (RAG poisoning), asks a question that retrieves them, and checks whether the app followed them: said a token, leaked a canary, rendered an attacker image or fetched an attacker URL. Inconclusive without a knowledge base.',
  techniques: ['AML.T0051.001', 'AML.T0070', 'AML.T0066'],
  severity: 'high',
  impact: { sendsTraffic: true, intrusive: true, cost: 'medium' },
});
