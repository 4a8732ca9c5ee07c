import { familyCheck } from '../family-check.ts';

export const dataLeakage = familyCheck({
  family: 'data-leakage',
  title: 'LLM data leakage',
  summary: 'Asks the app for its internal codes, hostnames and customer records, plainly and through paraphrase, fiction, translation and split turns; success is a declared canary in the reply (in any encoding) or PII that validates (Luhn card numbers, US SSNs, IBANs).',
  techniques: ['AML.T0057'],
  severity: 'high',
  impact: { sendsTraffic: true, intrusive: false, cost: 'low' },
});
