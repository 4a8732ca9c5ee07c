import type { Rng } from '../ml/rng.ts';
import type { Attempt } from './execute.ts';
import type { Family, Goal } from './probe.ts';
import { ALL_TRANSFORMS, ENCODINGS, isMultiTurn, isOutput, type Transform } from './transforms.ts';

/**
 * Which transforms each base probe is tried with first (the fixed plan), and how the adaptive search mutates
 * what came closest afterwards.
 */

const LANGS: Transform[] = ['language:fr', 'language:es', 'language:de', 'language:it', 'language:pt'];
// Leaks asked for in an encoded answer, with the request itself hidden from an input filter (base64, or a
// paraphrase without the filtered words): an output filter matching the secret as written sees neither.
const ENCODED_ANSWERS: Transform[][] = [['answer-base64', 'base64'], ['paraphrase', 'answer-hex'], ['language:fr', 'answer-rot13']];
const JAILBREAK: Transform[][] = [[], ['role-play'], ['hypothetical'], ['refusal-suppression'], ['prefix-injection'], ['many-shot'], ['payload-splitting'], ['crescendo']];

export function fixedPlan(family: Family, base: string): Transform[][] {
  switch (family) {
    case 'direct-injection':
      return [[], ['paraphrase'], ['language:fr'], ['payload-splitting'], ['split-turns']];
    case 'obfuscation':
      return [...ENCODINGS.map((e): Transform[] => [e]), ...LANGS.map((l) => [l])];
    case 'system-prompt':
      return base === 'reveal-prompt' ? [[], ['paraphrase'], ['crescendo'], ['role-play'], ['language:de'], ...ENCODED_ANSWERS] : [[], ['paraphrase'], ['paraphrase', 'answer-base64']];
    case 'data-leakage':
      return base === 'reveal-secrets' ? [[], ['paraphrase'], ['hypothetical'], ['language:es'], ['split-turns'], ...ENCODED_ANSWERS] : [[], ['paraphrase'], ['paraphrase', 'answer-reversed']];
    case 'jailbreak':
      return JAILBREAK;
    case 'indirect-injection':
      return [[]];
    case 'rendering-exfiltration':
      return [[], ['paraphrase'], ['answer-base64', 'base64'], ['language:fr', 'answer-hex']];
    case 'tool-abuse':
      return base === 'collect' ? [[], ['paraphrase'], ['paraphrase', 'answer-base64'], ['paraphrase', 'answer-spaced']] : [[], ['paraphrase']];
    case 'resource-exhaustion':
      // Look-alike letters keep the request readable to a model while a keyword filter misses it.
      return [[], ['paraphrase'], ['homoglyph']];
    case 'history-manipulation':
      return [[], ['paraphrase']];
  }
}

const isLanguage = (t: Transform): boolean => t === 'paraphrase' || t.startsWith('language:');

/** Transforms that may be added to `current` for a probe carried in a message or a planted document. */
export function extensions(current: readonly Transform[], carrier: 'message' | 'document', outputs = true): Transform[] {
  if (current.length >= 3 || current.some(isMultiTurn)) return [];
  return ALL_TRANSFORMS.filter((t) => {
    if (current.includes(t)) return false;
    if (isLanguage(t) && current.some(isLanguage)) return false;
    // A language must pick the sentence before anything encodes it.
    if (isLanguage(t) && current.length > 0) return false;
    if (isOutput(t) && (!outputs || current.some(isOutput))) return false;
    if (carrier === 'document') return isLanguage(t) || isOutput(t) || (ENCODINGS as readonly string[]).includes(t);
    return true;
  });
}

/** Goals reached by something leaving the app, which an encoded answer can carry past an output filter. */
export const leaksOut = (goal: Goal): boolean => goal.kind === 'leak' || goal.kind === 'discover' || goal.kind === 'render' || (goal.kind === 'tool' && (goal.effect === 'collect' || goal.effect === 'exfiltrate'));

/**
 * The next mutation for a family: one of the three closest attempts so far (by judge score), extended with
 * one transform it has not had, skipping combinations already tried. Undefined when nothing is left.
 */
export function mutate(attempts: readonly Attempt[], carrierOf: (base: string) => 'message' | 'document', tried: ReadonlySet<string>, rng: Rng, outputs = true): { base: string; transforms: Transform[] } | undefined {
  const ranked = attempts
    .filter((a) => !a.error)
    .map((a, i) => ({ a, i }))
    .sort((x, y) => y.a.score - x.a.score || x.i - y.i)
    .map((x) => x.a);
  const pool = ranked.slice(0, 3);
  for (let round = 0; round < 6 && pool.length > 0; round++) {
    const parent = pool[rng.int(pool.length)] as Attempt;
    const options = extensions(parent.transforms as Transform[], carrierOf(parent.base), outputs).filter((t) => !tried.has(key(parent.base, [...(parent.transforms as Transform[]), t])));
    if (options.length > 0) return { base: parent.base, transforms: [...(parent.transforms as Transform[]), options[rng.int(options.length)] as Transform] };
  }
  // Every near miss is exhausted: try any untried extension of any attempt, closest first.
  for (const parent of ranked) {
    const options = extensions(parent.transforms as Transform[], carrierOf(parent.base), outputs).filter((t) => !tried.has(key(parent.base, [...(parent.transforms as Transform[]), t])));
    if (options.length > 0) return { base: parent.base, transforms: [...(parent.transforms as Transform[]), options[rng.int(options.length)] as Transform] };
  }
  return undefined;
}

export const key = (base: string, transforms: readonly string[]): string => [base, ...transforms].join('+');
