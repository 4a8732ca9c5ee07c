import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { views } from '../../../llm/judge/decode.ts';
import type { Detector } from '../../../monitor/detector.ts';
import { refOf } from '../../../monitor/event.ts';
import { CUES, WEAK_CUES } from './cues.ts';
import { mentionedOnly } from './mention.ts';
import { hiddenCharacters, manyShot, SIGNATURES, type Signature } from './signatures.ts';
import { adversarialSuffix } from './suffix.ts';
import { bestView, linearScore, shippedWordModel, strongestFeatures } from './word-model.ts';

const STRONG = [...SIGNATURES, ...CUES];
/**
 * Views that only fold, re-space or re-spell the text as written: a weak cue found there counts once, as in the prompt
 * itself. Code is full of camelCase names that split into cue words ("ImmutableSandboxedEnvironment": a sandbox frame),
 * and a typo read back ("Wirte a bedtime sotry") is no encoding.
 */
const RESPACED = new Set(['plain', 'folded', 'camel', 'segmented', 'unscrambled']);

export const PromptAttacksParams = z.strictObject({
  manyShotTurns: z.number().int().min(2).default(8).describe('faked dialogue turns in one prompt that make a many-shot jailbreak'),
  hiddenCharacters: z.number().int().min(1).default(8).describe('invisible characters (Unicode tags, zero-width) in one prompt that count as obfuscation'),
  weakCues: z.number().int().min(1).default(2).describe('weak cues (a story frame, a harmful topic, exact steps, filters said to be off, hidden styling…; `cues.ts`) that together make an attempt'),
  wordModel: z.boolean().default(true).describe('also ask the word model trained on the prompt corpus (`word-model.ts`) about a prompt no pattern flags'),
  wordModelThreshold: z.number().optional().describe('score over which the word model calls a prompt an attempt (default: the shipped model\'s, the highest score of any user prompt of a corpus round it was not trained on)'),
  maxPromptChars: z.number().int().min(100).default(20_000).describe('characters of a prompt read (the rest is ignored: bounded work per event)'),
});
export type PromptAttacksParams = z.output<typeof PromptAttacksParams>;

const T = (id: string): TechniqueId => id as TechniqueId;
const FOR_KIND: Record<Signature['kind'], TechniqueId[]> = { injection: [T('AML.T0051')], jailbreak: [T('AML.T0054')], obfuscation: [T('AML.T0068')] };

/**
 * Prompt injection, jailbreak and obfuscation attempts, per prompt: signatures matched on the prompt and
 * on every decoding of it the LLM red team's judge knows (base64, hex, ROT13, reversed, homoglyphs, Unicode
 * tags, spaced letters). A signature that matches only a decoded view is an encoded attempt: obfuscation too.
 * Stateless, so memory is constant.
 */
export function promptAttacksDetector(params: PromptAttacksParams): Detector {
  return {
    memory: () => ({ clients: 0, evicted: 0 }),
    observe(event, raise) {
      const prompt = event.prompt?.slice(0, params.maxPromptChars);
      if (!prompt) return;
      const found = new Map<string, { kind: Signature['kind']; view: string }>();
      const weak = new Map<string, { kind: Signature['kind']; view: string }>();
      const all = views(prompt);
      for (const view of all) {
        for (const sig of STRONG) if (!found.has(sig.id) && sig.pattern.test(view.text) && !mentionedOnly(view.text, sig.pattern)) found.set(sig.id, { kind: sig.kind, view: view.name });
        for (const sig of WEAK_CUES) if (!weak.has(sig.id) && sig.pattern.test(view.text)) weak.set(sig.id, { kind: sig.kind, view: view.name });
      }
      // An optimised suffix reads as code or markup too (a pasted snippet): a weak cue, beside the request it is glued to.
      if (adversarialSuffix(prompt)) weak.set('adversarial-suffix', { kind: 'jailbreak', view: 'plain' });
      // Two weak cues together are an attempt (a story frame asking for a weapon's exact steps); one alone is not. One
      // found only in a decoded view counts twice: encoding the request is the other cue (AML.T0068).
      let weight = 0;
      for (const { view } of weak.values()) weight += RESPACED.has(view) ? 1 : 2;
      if (weight >= params.weakCues) for (const [id, hit] of weak) found.set(id, hit);
      const techniques = new Set<TechniqueId>();
      let score: number | undefined;
      const reasons: string[] = [];
      for (const [id, { kind, view }] of found) {
        for (const t of FOR_KIND[kind]) techniques.add(t);
        if (view !== 'plain' && view !== 'folded') techniques.add(T('AML.T0068'));
        reasons.push(view === 'plain' ? id : `${id} (in ${view})`);
      }
      // The word model reads what no pattern did: an attempt in other words (word-model.ts).
      if (found.size === 0 && params.wordModel) {
        const model = shippedWordModel();
        const threshold = params.wordModelThreshold ?? model.threshold;
        const best = bestView(model.attempt, all);
        if (best.score > threshold) {
          const kind = linearScore(model.jailbreak, best.features) > 0 ? 'jailbreak' : 'injection';
          for (const t of FOR_KIND[kind]) techniques.add(t);
          if (best.view !== 'plain' && best.view !== 'folded') techniques.add(T('AML.T0068'));
          const words = strongestFeatures(model.attempt, best.features, 4).map((w) => `"${w}"`).join(', ');
          const where = best.words ? ` (words ${best.words[0]}–${best.words[1]})` : best.view === 'plain' ? '' : ` (in ${best.view})`;
          reasons.push(`the words of an attempt${where}: the word model scored ${best.score.toFixed(2)} > ${threshold} (${words})`);
          score = best.score;
        }
      }
      const shots = manyShot(prompt);
      if (shots >= params.manyShotTurns) {
        techniques.add(T('AML.T0054'));
        reasons.push(`many-shot (${shots} faked turns)`);
      }
      const hidden = hiddenCharacters(prompt);
      if (hidden >= params.hiddenCharacters) {
        techniques.add(T('AML.T0068'));
        reasons.push(`${hidden} invisible characters`);
      }
      if (techniques.size === 0) return;
      const list = [...techniques].sort();
      raise({
        techniques: list,
        severity: list.includes(T('AML.T0051')) ? 'high' : 'medium',
        summary: `prompt from ${event.client} carries ${reasons.join(', ')}`,
        evidence: [refOf(event, prompt.slice(0, 120))],
        measurements: { signatures: found.size, ...(score === undefined ? {} : { wordModelScore: Math.round(score * 1000) / 1000 }) },
      });
    },
  };
}
