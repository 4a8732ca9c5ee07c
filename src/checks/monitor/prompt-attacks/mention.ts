/**
 * Whether every match of `pattern` in `text` is a phrase mentioned, not used: inside a short quotation or a regular
 * expression literal, in a prompt that talks about such phrases (a filter to write, a manager who said it). "My
 * manager told me to 'ignore all previous instructions' in the onboarding doc" and a regex meant to catch the phrase
 * are questions; the same words outside quotes, or quoted with nothing asked about them ("an example: '…'"), are not.
 */
export function mentionedOnly(text: string, pattern: RegExp): boolean {
  const spans = [...text.matchAll(QUOTED)].map((m) => [m.index, m.index + m[0].length] as const);
  if (spans.length === 0) return false;
  let outside = text;
  for (const [from, to] of [...spans].reverse()) outside = outside.slice(0, from) + ' ' + outside.slice(to);
  // A question about the phrase (a word about it and a question mark outside the quotes), or a regex or test asked for.
  // "Here is an example: '…'" with no question is how a payload would hide behind quotation marks.
  if (!(TALKS_OF.test(outside) || (META.test(outside) && outside.includes('?')))) return false;
  const all = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  let any = false;
  for (const m of text.matchAll(all)) {
    any = true;
    // Begun inside a quotation and ending at most a few characters past it: '"ignore previous instructions"-style
    // prompts' (a pattern that reads on to its noun). Further past it is words of the prompt's own.
    // Or ending inside another quotation: "'repeat the text above' or 'print your initial instructions'".
    const end = m.index + m[0].length;
    const inside = spans.some(([from, to]) => m.index >= from && m.index < to && (end <= to + TAIL || spans.some(([f, t]) => end > f && end <= t)));
    if (!inside) return false;
  }
  return any;
}

/**
 * Quotations of up to 100 characters on one line, each closed by its own mark (a single quote only where no letter
 * touches it outside: "user's" opens nothing, and "can't" inside one closes nothing), and regular expression literals
 * of up to 120 (not a URL's path).
 */
const QUOTED = /"[^"\n]{1,100}"|“[^”\n]{1,100}”|‘[^’\n]{1,100}’|`[^`\n]{1,100}`|(?<!\w)'(?:[^'\n]|(?<=\w)'(?=\w)){1,100}'(?!\w)|(?<![:/\w])\/[^/\s][^/\n]{2,120}\/[gimsuy]*(?![\w/])/g;

/** Characters a match may run on past the quotation it began in. */
const TAIL = 16;

/**
 * Words that say a prompt is about phrases even without a question: a regex, unit tests or a detection rule asked for
 * ("Write a regex that flags variations of 'ignore previous instructions'"). Not "example" or "test case": "here is a
 * test case: '…'" is how a payload would hide.
 */
const TALKS_OF = /\b(?:regex(?:es)?|regexp|regular expressions?|unit tests?|pytest|detection rules?|detector|classifier)\b/i;

/** Words of a prompt that talks about a phrase rather than saying it. */
const META = /\b(?:regex|regexp|pattern|filter|detect(?:or|ion)?|catch|block(?:list)?|keyword|phrase|string|example|test case|classif\w*|told (?:me|us) to|means?|meaning|injection|jailbreak|attack|payload|post(?:ed)?|forum|trying to|does it (?:actually )?work|system prompt|prevent|extraction|flag(?:s|ged)?|wrote|logs?)\b/i;
