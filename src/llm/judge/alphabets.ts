/**
 * Letter-for-letter disguises that red-team tools apply to payloads (garak's braille, NATO and zalgo probes, PyRIT's
 * Atbash and Caesar converters, promptfoo's Pig Latin and camelCase strategies), read back as text; and the word
 * breaks such a reading loses ("ignoreallpreviousinstructions") put back from a vocabulary of the words attempts use.
 */

import { isKnownWord } from './segment.ts';

// Grade 1 English braille: letters, and the digits a–j after the number sign.
const BRAILLE_LETTERS = '⠁⠃⠉⠙⠑⠋⠛⠓⠊⠚⠅⠇⠍⠝⠕⠏⠟⠗⠎⠞⠥⠧⠺⠭⠽⠵';
const BRAILLE_SIGNS: Record<string, string> = { '⠀': ' ', '⠂': ',', '⠲': '.', '⠦': '?', '⠖': '!', '⠄': "'", '⠤': '-', '⠆': ';', '⠒': ':' };
const CAPITAL = '⠠';
const NUMBER = '⠼';

/** Runs of braille cells (four or more) as letters: the capital sign upper-cases the next letter, the number sign reads a–j as digits. */
export function fromBraille(text: string): string {
  const runs = text.match(/[\u2800-\u28ff][\u2800-\u28ff \n]{3,}/g) ?? [];
  return runs
    .map((run) => {
      let out = '';
      let upper = false;
      let digits = false;
      for (const cell of run) {
        const letter = BRAILLE_LETTERS.indexOf(cell);
        if (cell === CAPITAL) upper = true;
        else if (cell === NUMBER) digits = true;
        else if (letter >= 0) {
          const c = digits && letter < 10 ? String((letter + 1) % 10) : String.fromCharCode(97 + letter);
          out += upper ? c.toUpperCase() : c;
          upper = false;
        } else {
          out += BRAILLE_SIGNS[cell] ?? (cell === ' ' || cell === '\n' ? cell : '');
          digits = false;
          upper = false;
        }
      }
      return out;
    })
    .join('\n');
}

const NATO = new Map(
  'alfa alpha bravo charlie delta echo foxtrot golf hotel india juliett juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey whisky xray x-ray yankee zulu'
    .split(' ')
    .map((w) => [w, w[0] as string]),
);

const NATO_WORD = `(?:${[...NATO.keys()].join('|')})`;
const NATO_RUN = new RegExp(String.raw`\b${NATO_WORD}\b(?:[\s,/|.;-]+${NATO_WORD}\b){3}`, 'i');

/**
 * Runs of NATO spelling words (four or more) as letters. Words of the spelled text are parted by a slash, a bar, a
 * comma, a full stop, a line break, two spaces or "space"; when nothing parts them the letters run together (the
 * word breaks are put back by `segmented`).
 */
export function fromNato(text: string): string {
  // Most text holds no four spelling words in a row: one pass of a pattern says so before any splitting.
  if (!NATO_RUN.test(text)) return '';
  const tokens = text.toLowerCase().split(/(\s{2,}|[/|,.;\n]+|\s+)/);
  const runs: string[] = [];
  let run = '';
  let letters = 0;
  const end = (): void => {
    if (letters >= 4) runs.push(run.trim().replace(/ {2,}/g, ' '));
    run = '';
    letters = 0;
  };
  for (const token of tokens) {
    const letter = NATO.get(token.replace(/[^a-z-]/g, ''));
    if (letter) {
      run += letter;
      letters++;
    } else if (/^\s+$/.test(token) && !/\s{2,}|\n/.test(token)) continue;
    else if (/^(?:\s{2,}|[/|,.;\n]+)$/.test(token) || token === 'space' || token === '(space)') run += ' ';
    else if (token.length > 0) end();
  }
  end();
  return runs.join('\n');
}

/** Atbash: a↔z, b↔y… (its own inverse). */
export function atbash(text: string): string {
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(base + 25 - (c.charCodeAt(0) - base));
  });
}

const COMMON = new Set('the and you your to of in is it that this for are with be as all not on or do what me my please now from'.split(' '));

/** Whether `k` of the text's words or more are among the commonest English ones (read until the k-th). */
function hasCommonWords(text: string, k: number): boolean {
  let n = 0;
  for (const [word] of text.matchAll(/[a-z]+/gi)) if (COMMON.has(word.toLowerCase()) && ++n >= k) return true;
  return false;
}

/** The text under `shift` (a Caesar cipher's key). */
function shifted(text: string, shift: number): string {
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(base + ((c.charCodeAt(0) - base + shift) % 26));
  });
}

// English letter frequencies (per mille, a–z): the shift whose letters fit them best is the one to try.
const ENGLISH = [82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1];

/**
 * Enough known words (segment.ts's vocabulary: the commonest English words and what attempts say) in `sample` to call
 * it English: three, and two in five of its words. A wrong shift of a cipher makes one or two by chance.
 */
function english(sample: string): boolean {
  const words = sample.toLowerCase().match(/[a-z]+/g) ?? [];
  const known = words.filter(isKnownWord).length;
  return known >= 3 && known * 5 >= words.length * 2;
}

/**
 * The parts of the text (lines, or what follows a colon) of four words or more with hardly a common English word
 * among them: where a cipher's text is, beside the English of a request to decode it.
 */
function cipherParts(text: string): string[] {
  return text
    .slice(0, 4000)
    .split(/\n|:\s/)
    .filter((part) => part.length >= 15 && mostlyLetters(part) && !hasCommonWords(part, 2) && (part.match(/[a-z]+/gi)?.length ?? 0) >= 4);
}

/** Letters and spaces three quarters of the part or more: a line of code or a table row is no cipher text. */
function mostlyLetters(part: string): boolean {
  let letters = 0;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i) | 32;
    if ((c >= 97 && c <= 122) || c === 32) letters++;
  }
  return letters >= 0.75 * part.length;
}

/** The part's letter counts, a–z. */
function letterCounts(part: string): number[] {
  const counts = new Array<number>(26).fill(0);
  for (let i = 0; i < part.length; i++) {
    const c = (part.charCodeAt(i) | 32) - 97;
    if (c >= 0 && c < 26) counts[c] = (counts[c] as number) + 1;
  }
  return counts;
}

/** How well letters counted so fit English's frequencies once each letter i is read as `as(i)`. */
function fit(counts: number[], as: (i: number) => number): number {
  let f = 0;
  for (let i = 0; i < 26; i++) f += (counts[i] as number) * (ENGLISH[as(i)] as number);
  return f;
}

/** The Caesar shift (1–25) whose letters fit English's frequencies best, and that fit. */
function likeliestShift(counts: number[]): { shift: number; fit: number } {
  let best = 0;
  let most = -1;
  for (let shift = 1; shift < 26; shift++) {
    const f = fit(counts, (i) => (i + shift) % 26);
    if (f > most) {
      most = f;
      best = shift;
    }
  }
  return { shift: best, fit: most };
}

/**
 * The text's cipher-like parts read as Atbash and under the Caesar shift whose letters fit English best (ROT13 included:
 * PyRIT's converter shifts by a number of its user's choosing), each kept where it makes English; the parts are found
 * once for both. A part is read as a cipher only where the cipher's letters fit English's frequencies a fifth better
 * than its own do: English words without common ones (a heading, a list of names) fit as they are.
 */
export function ciphers(text: string): { atbash: string; caesar: string } {
  const atbashed: string[] = [];
  const shiftedParts: string[] = [];
  for (const part of cipherParts(text)) {
    const counts = letterCounts(part);
    const own = fit(counts, (i) => i);
    if (fit(counts, (i) => 25 - i) > 1.2 * own) atbashed.push(atbash(part));
    const best = likeliestShift(counts);
    if (best.fit > 1.2 * own) shiftedParts.push(shifted(part, best.shift));
  }
  return { atbash: atbashed.filter(english).join('\n'), caesar: shiftedParts.filter(english).join('\n') };
}

/**
 * Pig Latin back to English, when most words end in "ay": "ignoreway" (a word beginning with a vowel) is "ignore", and
 * "eviouspray" is "previous": of the consonants before "ay", as many go back to the front as make a known word
 * (segment.ts's vocabulary), else one, the commonest start of an English word.
 */
export function fromPigLatin(text: string): string {
  if ((text.match(/ay\b/gi)?.length ?? 0) < 3) return '';
  const words = text.match(/[a-z]+/gi) ?? [];
  if (words.length < 3 || words.filter((w) => /ay$/i.test(w)).length < 0.6 * words.length) return '';
  // "userway'say" is "user's": the possessive is a word of its own to Pig Latin.
  return text.replace(/'say\b/gi, "'s").replace(/[a-z]+/gi, (w) => {
    const stem = w.slice(0, -2);
    if (!/ay$/i.test(w) || stem.length < 2) return w;
    // A word that began with a vowel took "way" ("yay", "hay"): "ethay" is "the" moved, though, not "et".
    const vowelWord = /^[aeiou].*[wyh]$/i.test(stem) ? stem.slice(0, -1) : '';
    for (let k = 1; k <= 4 && k < stem.length && /[^aeiou]/i.test(stem[stem.length - k] as string); k++) {
      const moved = stem.slice(-k) + stem.slice(0, -k);
      if (isKnownWord(moved.toLowerCase())) return moved;
    }
    return vowelWord || (/[^aeiou]/i.test(stem[stem.length - 1] as string) ? (stem.slice(-1) + stem.slice(0, -1)) : w);
  });
}

/** camelCase and PascalCase runs of three humps or more parted into words ("IgnoreAllPreviousInstructions"). */
export function splitCamel(text: string): string {
  const runs = text.match(/\b[a-zA-Z][a-z]+(?:[A-Z][a-z]+){2,}\b/g) ?? [];
  return runs.map((run) => run.replace(/(?<=[a-z])(?=[A-Z])/g, ' ')).join('\n');
}

/** Combining marks removed, when letters carry two or more of them (zalgo text): the letters underneath. */
export function unmarked(text: string): string {
  // Variant selectors are marks too, but carry bytes (encodings.ts), not accents.
  if (!/(?:(?![\ufe00-\ufe0f\u{e0100}-\u{e01ef}])\p{M}){2,}/u.test(text)) return '';
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}
