import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { mask } from '../../../llm/judge/verdict.ts';
import { findPii, findSecret, promptOverlap } from '../../../llm/judge/detectors.ts';
import type { Detector } from '../../../monitor/detector.ts';
import { refOf } from '../../../monitor/event.ts';

export const ReplyLeakageParams = z.strictObject({
  canaries: z.array(z.string().min(4)).default([]).describe('strings that must never leave the app (planted tokens, internal hostnames): found in any encoding'),
  systemPrompt: z.string().optional().describe('the deployed system prompt: a reply reproducing enough of it is a leak'),
  overlap: z.number().min(0).max(1).default(0.3).describe('share of the system prompt’s word 5-grams a reply must contain to leak it'),
  longestRun: z.number().int().min(5).default(20).describe('…or this many consecutive words of it'),
  minLoggedPromptWords: z.number().int().min(5).default(20).describe('without `systemPrompt`, the system messages a logged request carries are compared with its reply when they hold at least this many words'),
  pii: z.boolean().default(true).describe('flag replies carrying card numbers (Luhn), US SSNs or IBANs (mod 97)'),
  maxReplyChars: z.number().int().min(100).default(50_000).describe('characters of a reply read (bounded work per event)'),
});
export type ReplyLeakageParams = z.output<typeof ReplyLeakageParams>;

const T = (id: string): TechniqueId => id as TechniqueId;
// Generic admissions that a reply is quoting its instructions, for apps that declared no prompt or canary.
const ADMISSION = /\b(?:my|the) (?:system prompt|system message|initial instructions|hidden instructions) (?:is|are|says|reads|states)\b|\bhere (?:is|are) my (?:system prompt|instructions)\b|^\s*(?:system prompt|instructions)\s*:\s*you are\b/im;

/**
 * Leaks in replies: the app's canaries in any encoding the red team's judge decodes (src/llm/judge), the
 * system prompt by word 5-gram overlap, admissions of quoting it, and strong PII. Canaries and the prompt
 * come from the parameters (the inventory's log source, or --params); without a declared prompt, the system
 * messages the logged request carried stand for it. Stateless.
 */
export function replyLeakageDetector(params: ReplyLeakageParams): Detector {
  return {
    memory: () => ({ clients: 0, evicted: 0 }),
    observe(event, raise) {
      const reply = event.reply?.slice(0, params.maxReplyChars);
      if (!reply) return;
      for (const canary of params.canaries) {
        const found = findSecret(reply, canary);
        if (found.length > 0) {
          raise({ techniques: [T('AML.T0057')], severity: 'critical', summary: `reply to ${event.client} carries the canary ${mask(canary)} (${[...new Set(found.map((f) => f.view))].join(', ')})`, evidence: [refOf(event, `canary ${mask(canary)}`)] });
        }
      }
      // The deployed prompt when declared; else the system turns the request itself carried (a gateway's log of chat
      // messages), when long enough that a reply holding a share of their 5-grams is no coincidence.
      const logged = event.system !== undefined && wordCount(event.system) >= params.minLoggedPromptWords ? event.system : undefined;
      const systemPrompt = params.systemPrompt ?? logged;
      if (systemPrompt) {
        const { coverage, longestRun } = promptOverlap(reply, systemPrompt);
        if (coverage >= params.overlap || longestRun >= params.longestRun) {
          const whose = params.systemPrompt ? 'the system prompt' : 'the system prompt its request carried';
          raise({ techniques: [T('AML.T0056')], severity: 'high', summary: `reply to ${event.client} reproduces ${whose} (${Math.round(coverage * 100)}% of its 5-grams, ${longestRun} words in a row)`, evidence: [refOf(event, 'system prompt overlap')], measurements: { coverage: Math.round(coverage * 1000) / 1000, longestRun } });
        }
      }
      if (ADMISSION.test(reply)) raise({ techniques: [T('AML.T0056')], severity: 'medium', summary: `reply to ${event.client} says it is quoting its instructions`, evidence: [refOf(event, reply.slice(0, 120))] });
      if (params.pii) {
        const strong = findPii(reply).filter((p) => p.strong);
        if (strong.length > 0) raise({ techniques: [T('AML.T0057')], severity: 'high', summary: `reply to ${event.client} carries ${strong.map((p) => p.kind).join(', ')}`, evidence: [refOf(event, strong.map((p) => `${p.kind} ${mask(p.value)}`).join(', '))] });
      }
    },
  };
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
