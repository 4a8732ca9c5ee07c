/**
 * An optimised adversarial suffix (GCG: Zou et al. 2023, "Universal and Transferable Adversarial Attacks on Aligned
 * Language Models"; garak's `suffix.GCGCached`): tokens a gradient search picked from a tokenizer's vocabulary, glued to
 * a request — word fragments joined with odd capitals ("similarlyNow"), markup and code punctuation stuck to words or
 * alone ("](", "**ONE", "\!--"), brackets opened and never closed — a run of tokens that is neither prose nor code.
 */

/** Punctuation that prose keeps at a word's edges at most, and that a suffix sticks anywhere. */
const MARKS = /[[\]{}()\\*@!|<>=^~"`$#;+]/;
/** A word's ordinary edges: an opening quote or bracket before it, closing ones and stops after it. */
const LEAD = /^[("'`“‘[]/;
const TRAIL = /[.,!?:;)\]"'`”’]{1,2}$/;

/**
 * Glued tokens, and brackets left open or closed unopened, in a window of 10 tokens that make a suffix: measured on
 * suffixes written for the test by a helper who saw no detector (`corpus/suffixes-1.json`), 30 of 40 have a window of
 * 3 and 2, 22 one of 4 and 2; so do 39 of 5,427 chunks of node_modules' Markdown (code: `fc.property(fc.string(), …`),
 * none of the corpus's 1,370 user prompts. Hence a weak cue (`detector.ts`): it counts beside a second one.
 */
const GLUED = 3;
const UNBALANCED = 2;

/** Whether the prompt has a window of tokens glued and unbalanced as an optimised suffix's are. */
export function adversarialSuffix(prompt: string): boolean {
  const best = suffixWindow(prompt);
  return best !== undefined && best.glued >= GLUED && best.unbalanced >= UNBALANCED;
}

export interface SuffixWindow {
  /** Tokens of the window that are glued: marks inside a word, a word of two joined by a capital, marks alone. */
  glued: number;
  tokens: number;
  /** Brackets opened and not closed, or closed and not opened, in the window. */
  unbalanced: number;
}

/** The token as a suffix would have it: marks stuck to letters, a capital joining two words, or marks of two or more alone. */
export function glued(token: string): boolean {
  const core = token.replace(LEAD, '').replace(TRAIL, '');
  if (!/\p{L}/u.test(core)) return core.length >= 2 && MARKS.test(core);
  return MARKS.test(core) || /\p{Ll}{2}\p{Lu}|\p{Lu}{2}\p{Ll}{2}|\p{Ll}[.,;:]\p{Lu}/u.test(core);
}

export function unbalanced(line: string): number {
  let total = 0;
  for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}']] as const) {
    let depth = 0;
    let stray = 0;
    for (const c of line) {
      if (c === open) depth++;
      else if (c === close) {
        if (depth > 0) depth--;
        else stray++;
      }
    }
    total += depth + stray;
  }
  return total;
}

const MARKUP = /<\/?[a-z][\w-]*(?:[\s>]|$)|\w=["']/i;

/** Tokens in a window: a suffix of 10–30 tokens fills one, and a request before it does not dilute it. */
const WINDOW = 10;

/** The window of the prompt most like an adversarial suffix (the most glued tokens), or undefined for a prompt without one. */
export function suffixWindow(prompt: string): SuffixWindow | undefined {
  let best: SuffixWindow | undefined;
  for (const line of prompt.split('\n')) {
    const tokens = line.split(/\s+/).filter(Boolean);
    if (tokens.length < 6) continue;
    const marks = tokens.map(glued);
    for (let from = 0; from === 0 || from + WINDOW <= tokens.length; from++) {
      const count = marks.slice(from, from + WINDOW).filter(Boolean).length;
      if (best && count <= best.glued) continue;
      const text = tokens.slice(from, from + WINDOW).join(' ');
      // Markup is glued by nature (`<span class="hljs-title">`): a window with a tag or an attribute is markup.
      if (MARKUP.test(text)) continue;
      best = { glued: count, tokens: Math.min(WINDOW, tokens.length), unbalanced: unbalanced(text) };
    }
  }
  return best;
}
