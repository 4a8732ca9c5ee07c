import type { TechniqueId } from '../../../atlas/ids.ts';
import { defineMonitorCheck } from '../monitor-check.ts';
import { replyLeakageDetector, ReplyLeakageParams } from './detector.ts';

export const replyLeakage = defineMonitorCheck({
  id: 'monitor/reply-leakage',
  title: 'System-prompt and canary leakage in LLM replies',
  summary: 'Finds the app’s canaries in replies in any encoding, replies that reproduce the system prompt (word 5-gram overlap) or say they quote it, and strong PII (cards, SSNs, IBANs).',
  techniques: ['AML.T0056', 'AML.T0057'] as TechniqueId[],
  params: ReplyLeakageParams,
  examples: [
    { title: 'Defaults (admissions and PII only)', params: {} },
    { title: 'With planted canaries', params: { canaries: ['ORCHID-5521', 'ops-7f3a.internal.example'] } },
  ],
  detector: { fields: ['client', 'reply', 'prompt', 'time'], requires: ['reply'], create: replyLeakageDetector },
});
