import type { Rng } from '../ml/rng.ts';
import type { Attempt } from './execute.ts';
import type { Family } from './probe.ts';
import { ALL_TRANSFORMS, ENCODINGS, isMultiTurn, type Transform } from './transforms.ts';

/**
 * Which transforms each base probe is tried with first (the fixed plan), and how the adaptive search mutates
 * what came closest afterwards.
 */

const LANGS: Transform[] = ['language:fr', 'language:es', 'language:de', 'language:it', 'language:pt'];
const JAILBREAK: Transform[][] = [[], ['role-play'], ['hypothetical'], ['refusal-suppression'], ['prefix-injection'], ['many-shot'], ['payload-splitting'], ['crescendo']];

export function fixedPlan(family: Family, base: string): Transform[][] {
  switch (family) {
    case 'direct-injection':
      return [[], ['paraphrase'], ['language:fr'], ['payload-splitting'], ['split-turns']];
    case 'obfuscation':
      return [...ENCODINGS.map((e): Transform[] => [e]), ...LANGS.map((l) => [l])];
    case 'system-prompt':
      return base === 'reveal-prompt' ? [[], ['paraphrase'], ['crescendo'], ['role-play'], ['language:de']] : [[], ['paraphrase']];
    case 'data-leakage':
      return base === 'reveal-secrets' ? [[], ['paraphrase'], ['hypothetical'], ['language:es'], ['split-turns']] : [[], ['paraphrase']];
    case 'jailbreak':
      return JAILBREAK;
    case 'indirect-injection':
      return [[]];
    case 'rendering-exfiltration':
    case 'tool-abuse':
    case 'resource-exhaustion':
    case 'history-manipulation':
      return [[], ['paraphrase']];
  }
}

const isLanguage = (t: Transform): boolean => t === 'paraphrase' || t.startsWith('language:');

/** Transforms that may be added to `current` for a probe carried in a message or a planted document. */
export function extensions(current: readonly Transform[], carrier: 'message' | 'document'): Transform[] {
  if (current.length >= 3 || current.some(isMultiTurn)) return [];
  return ALL_TRANSFORMS.filter((t) => {
    if (current.includes(t)) return false;
    if (isLanguage(t) && current.some(isLanguage)) return false;
    // A language must pick the sentence before anything encodes it.
    if (isLanguage(t) && current.length > 0) return false;
    if (carrier === 'document') return isLanguage(t) || (ENCODINGS as readonly string[]).includes(t);
    return true;
  });
}

/**
 * The next mutation for a family: one of the three closest attempts so far (by judge score), extended with
 * one transform it has not had, skipping combinations already tried. Undefined when nothing is left.
 */
export function mutate(attempts: readonly Attempt[], carrierOf: (base: string) => 'message' | 'document', tried: ReadonlySet<string>, rng: Rng): { base: string; transforms: Transform[] } | undefined {
  const ranked = attempts
    .filter((a) => !a.error)
    .map((a, i) => ({ a, i }))
    .sort((x, y) => y.a.score - x.a.score || x.i - y.i)
    .map((x) => x.a);
  const pool = ranked.slice(0, 3);
  for (let round = 0; round < 6 && pool.length > 0; round++) {
    const parent = pool[rng.int(pool.length)] as Attempt;
    const options = extensions(parent.transforms as Transform[], carrierOf(parent.base)).filter((t) => !tried.has(key(parent.base, [...(parent.transforms as Transform[]), t])));
    if (options.length > 0) return { base: parent.base, transforms: [...(parent.transforms as Transform[]), options[rng.int(options.length)] as Transform] };
  }
  // Every near miss is exhausted: try any untried extension of any attempt, closest first.
  for (const parent of ranked) {
    const options = extensions(parent.transforms as Transform[], carrierOf(parent.base)).filter((t) => !tried.has(key(parent.base, [...(parent.transforms as Transform[]), t])));
    if (options.length > 0) return { base: parent.base, transforms: [...(parent.transforms as Transform[]), options[rng.int(options.length)] as Transform] };
  }
  return undefined;
}

export const key = (base: string, transforms: readonly string[]): string => [base, ...transforms].join('+');
