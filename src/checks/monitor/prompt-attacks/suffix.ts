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
 * A suffix's window of 10 tokens: 3 glued tokens with marks in them (a capital joining two words alone is a brand as
 * often: YouTube, WordPress) and 3 brackets that nothing on the line matches. Any window of the prompt may be it.
 * Measured on suffixes written by a helper who saw no detector (`corpus/suffixes-1.json`: 27 of 40 have such a
 * window, none of its 60 hard negatives) and on documents: 1 of 5,444 chunks of node_modules' Markdown and 3 of
 * 25,132 of /usr/share/doc's (code, CSS), none of the corpus's 1,370 user prompts. With 2 brackets, 29 of 40 but 13
 * and 123 chunks. Code can read like this: a weak cue (`detector.ts`), that counts beside a second one.
 */
const GLUED = 3;
const MARKED = 3;
const UNBALANCED = 3;

/** Whether the prompt has a window of tokens glued and unbalanced as an optimised suffix's are. */
export function adversarialSuffix(prompt: string): boolean {
  return suffixWindows(prompt).some((w) => w.marked >= MARKED && w.glued >= GLUED && w.unbalanced >= UNBALANCED);
}

export interface SuffixWindow {
  /** Tokens of the window that are glued: marks inside a word, a word of two joined by a capital, marks alone. */
  glued: number;
  /** Of those, the tokens with marks (a capital joining two words alone is a brand as often: YouTube, WordPress). */
  marked: number;
  /** Brackets opened and not closed, or closed and not opened, in the window. */
  unbalanced: number;
}

/** The token as a suffix would have it: marks stuck to letters, a capital joining two words, or marks of two or more alone. */
export function glued(token: string): boolean {
  return marked(token) || /\p{Ll}{2}\p{Lu}|\p{Lu}{2}\p{Ll}{2}|\p{Ll}[.,;:]\p{Lu}/u.test(core(token));
}

/** Whether the token has marks stuck to letters, or is marks of two or more alone. */
export function marked(token: string): boolean {
  const inner = core(token);
  return /\p{L}/u.test(inner) ? MARKS.test(inner) : inner.length >= 2 && MARKS.test(inner);
}

/** The token without its ordinary edges. */
function core(token: string): string {
  return token.replace(LEAD, '').replace(TRAIL, '');
}

/** Brackets of `text` that no bracket of it matches (opened and never closed, or closed unopened). */
export function unbalanced(text: string): number {
  return strayBrackets(text.split(/\s+/).filter(Boolean)).reduce((a, b) => a + b, 0);
}

/**
 * For each token of a line, its brackets that no bracket of the whole line matches: a window cut out of a line of code
 * holds halves of pairs that the line closes, a suffix's brackets are closed nowhere. Smileys and a list marker ("a)",
 * "2)") are no brackets.
 */
function strayBrackets(tokens: readonly string[]): Int32Array {
  const stray = new Int32Array(tokens.length);
  // A smiley is a token (":)", "=(") or ends a word ("great;)"); a list marker begins the line. "f(x, 8)", "for(;;)"
  // and "Sure;(" keep their brackets.
  const cleaned = tokens.map((t, i) => {
    if (/^[:;=]-?[()[\]]$/.test(t) || (i === 0 && /^(?:[a-z]|\d{1,2})\)$/.test(t))) return '';
    return t.includes('(') ? t : t.replace(/[:;]-?\)$/, '');
  });
  for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}']] as const) {
    const opened: number[] = [];
    cleaned.forEach((token, t) => {
      for (const c of token) {
        if (c === open) opened.push(t);
        else if (c === close && opened.pop() === undefined) stray[t] = (stray[t] as number) + 1;
      }
    });
    for (const t of opened) stray[t] = (stray[t] as number) + 1;
  }
  return stray;
}

const MARKUP = /<\/?[a-z][\w-]*(?:[\s>]|$)|\w=["']/i;

/** Tokens in a window: a suffix of 10–30 tokens fills one, and a request before it does not dilute it. */
const WINDOW = 10;

/** Every window of 10 tokens of every line of 6 tokens or more (a shorter line, its only window), markup left out. */
export function suffixWindows(prompt: string): SuffixWindow[] {
  const out: SuffixWindow[] = [];
  for (const line of prompt.split('\n')) {
    const tokens = line.split(/\s+/).filter(Boolean);
    if (tokens.length < 6) continue;
    const glue = tokens.map(glued);
    const marks = tokens.map(marked);
    const stray = strayBrackets(tokens);
    const count = (of: ArrayLike<boolean | number>, from: number): number => {
      let n = 0;
      for (let i = from; i < Math.min(from + WINDOW, of.length); i++) n += Number(of[i]);
      return n;
    };
    for (let from = 0; from === 0 || from + WINDOW <= tokens.length; from++) {
      const gluedHere = count(glue, from);
      if (gluedHere < GLUED) continue;
      // Markup is glued by nature (`<span class="hljs-title">`): a window with a tag or an attribute is markup.
      if (MARKUP.test(tokens.slice(from, from + WINDOW).join(' '))) continue;
      out.push({ glued: gluedHere, marked: count(marks, from), unbalanced: count(stray, from) });
    }
  }
  return out;
}
