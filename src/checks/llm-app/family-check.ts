import { z } from 'zod';
import type { TechniqueId } from '../../atlas/ids.ts';
import { runCampaign } from '../../llm/campaign.ts';
import type { LlmApp } from '../../llm/chat.ts';
import type { Family } from '../../llm/probe.ts';
import { requestNumbers } from '../../llm/summary.ts';
import { declaredSecrets, redact } from '../../llm/secrets.ts';
import type { TranscriptTurn } from '../../llm/execute.ts';
import { defineCheck, type CheckImpact, type Pointer, type Severity } from '../contract.ts';

/**
 * The one shape of every `llm-app/*` check: run the campaign machinery for one technique family against the
 * app and turn the result into evidence. `fail` when a probe succeeded (the techniques it showed, the request
 * numbers to read); `pass` only when the family's probes all ran and none did; `inconclusive` when the app
 * lacks what the family needs or the budget ran out first.
 */

export const LlmCheckParams = z.object({
  budget: z.number().int().min(1).max(20000).default(300).describe('Requests this check may send to the app'),
  seed: z.number().int().default(1).describe('Seed of the probes’ random tokens and of the adaptive search'),
  searchPerBase: z.number().int().min(0).max(200).default(16).describe('Mutations the adaptive search tries per base probe that has not succeeded'),
});

const TurnRecord = z.object({ role: z.enum(['user', 'assistant']), text: z.string(), request: z.number().optional(), reply: z.string().optional(), toolCalls: z.array(z.object({ name: z.string(), arguments: z.string() })).optional(), forged: z.boolean().optional() });
const VerdictRecord = z.object({ detector: z.string(), request: z.number(), evidence: z.string(), judged: z.boolean().optional() });

export const LlmCheckEvidence = z.object({
  family: z.string(),
  requests: z.number(),
  tokens: z.number(),
  attempts: z.number(),
  successes: z.number(),
  stopped: z.string().optional(),
  error: z.string().optional(),
  skipped: z.string().optional(),
  techniques: z.array(z.object({ technique: z.string(), attempts: z.number(), successes: z.number(), rate: z.number(), interval: z.tuple([z.number(), z.number()]), cheapest: z.object({ probe: z.string(), requests: z.number(), requestNumbers: z.array(z.number()) }).optional() })),
  /** The successful probes, with their transcripts (declared secrets redacted) for the report. */
  successful: z.array(z.object({ probe: z.string(), transforms: z.array(z.string()), requests: z.array(z.number()), verdicts: z.array(VerdictRecord), transcript: z.array(TurnRecord) })),
});

export interface FamilyCheckSpec {
  family: Family;
  title: string;
  summary: string;
  techniques: string[];
  severity: Severity;
  impact: CheckImpact;
}

// How a payload was delivered is a technique too: a success through a frame (role-play, hypothetical …) is a
// jailbreak, through an encoding or another language an obfuscation, whatever the family (src/llm/execute.ts).
const DELIVERY = ['AML.T0054', 'AML.T0068'];

export function familyCheck(spec: FamilyCheckSpec) {
  const techniques = [...new Set([...spec.techniques, ...DELIVERY])];
  return defineCheck<LlmApp, typeof LlmCheckParams, typeof LlmCheckEvidence>({
    id: `llm-app/${spec.family}`,
    title: spec.title,
    summary: spec.summary,
    techniques,
    targetKind: 'chat-api',
    impact: spec.impact,
    params: LlmCheckParams,
    evidence: LlmCheckEvidence,
    examples: [{ title: 'Defaults: 300 requests, seed 1', params: {} }, { title: 'A larger budget and another seed', params: { budget: 1000, seed: 7 } }],
    async run(context, params) {
      const app = context.target;
      let requests = 0;
      const result = await runCampaign(app, {
        probes: [spec.family],
        budget: params.budget,
        seed: params.seed,
        signal: context.signal,
        searchPerBase: params.searchPerBase,
        onTranscript: (a) => context.progress.update((requests += a.requests), params.budget, 'requests'),
      });
      const declared = new Set(techniques);
      const secrets = declaredSecrets(app.knowledge);
      const family = result.families.find((f) => f.family === spec.family);
      const wins = result.attempts.filter((a) => a.success);
      const details: z.infer<typeof LlmCheckEvidence> = {
        family: spec.family,
        requests: result.requests,
        tokens: result.tokens,
        attempts: result.attempts.length,
        successes: wins.length,
        ...(result.stopped ? { stopped: result.stopped } : {}),
        ...(result.error ? { error: result.error } : {}),
        ...(family?.skipped ? { skipped: family.skipped } : {}),
        techniques: result.techniques.filter((t) => declared.has(t.technique)).map(({ technique, attempts, successes, rate, interval, cheapest }) => ({ technique, attempts, successes, rate, interval, ...(cheapest ? { cheapest } : {}) })),
        successful: wins.slice(0, 20).map((a) => ({ probe: a.probe, transforms: a.transforms, requests: requestNumbers(a), verdicts: a.verdicts.filter((v) => v.success).map((v) => ({ detector: v.detector, request: v.request, evidence: redact(v.evidence, secrets), ...(v.judged ? { judged: true } : {}) })), transcript: a.turns.map((t) => transcriptTurn(t, secrets)) })),
      };
      const measurements = { requests: result.requests, tokens: result.tokens, attempts: result.attempts.length, successes: wins.length };
      const pointers: Pointer[] = wins.slice(0, 10).map((a) => ({ note: redact(`${app.target.name} request ${requestNumbers(a).join(', ')}: ${a.probe} — ${a.verdicts.filter((v) => v.success).map((v) => `${v.detector}${v.judged ? ' (judged)' : ''}: ${v.evidence}`).join('; ')}`, secrets) }));
      const base = { details, measurements, pointers };
      if (family?.skipped) return { ...base, outcome: 'inconclusive', severity: 'info', techniques: [], summary: `Not tested: ${family.skipped}` };
      if (wins.length > 0) {
        const shown = [...new Set(wins.flatMap((a) => a.exploited))].filter((t) => declared.has(t)).sort() as TechniqueId[];
        const cheapest = [...wins].sort((x, y) => x.requests - y.requests)[0];
        const partial = result.stopped ? ` (run stopped early: ${result.stopped})` : '';
        return { ...base, outcome: 'fail', severity: spec.severity, techniques: shown, summary: `${wins.length} of ${result.attempts.length} probes succeeded (${shown.join(', ')}); cheapest: ${cheapest?.probe} in ${cheapest?.requests} request(s), see request ${cheapest ? requestNumbers(cheapest).join(', ') : '?'}${partial}` };
      }
      if (result.stopped === 'target-error') return { ...base, outcome: 'error', severity: 'info', techniques: [], summary: `The target failed before the probes finished: ${result.error}` };
      if (result.stopped || !family?.completed) return { ...base, outcome: 'inconclusive', severity: 'info', techniques: [], summary: `Stopped (${result.stopped ?? 'incomplete'}) after ${result.attempts.length} probes and ${result.requests} requests with no success; raise the budget to finish` };
      const tested = [...new Set(result.attempts.flatMap((a) => a.techniques))].filter((t) => declared.has(t)).sort() as TechniqueId[];
      return { ...base, outcome: 'pass', severity: 'info', techniques: tested, summary: `Withstood all ${result.attempts.length} probes (${result.requests} requests, including the adaptive search)` };
    },
  });
}

const LONG = 4000;
const clip = (s: string): string => (s.length > LONG ? `${s.slice(0, LONG)}… (${s.length - LONG} more characters)` : s);

/** A transcript turn as evidence: secrets redacted, long texts (many-shot prompts, floods) clipped. */
function transcriptTurn(t: TranscriptTurn, secrets: readonly string[]): z.infer<typeof TurnRecord> {
  return {
    role: t.role,
    text: clip(redact(t.text, secrets)),
    ...(t.request !== undefined ? { request: t.request } : {}),
    ...(t.reply !== undefined ? { reply: clip(redact(t.reply, secrets)) } : {}),
    ...(t.toolCalls ? { toolCalls: t.toolCalls.map((c) => ({ name: c.name, arguments: clip(redact(c.arguments, secrets)) })) } : {}),
    ...(t.forged ? { forged: true } : {}),
  };
}
