/**
 * Word breaks put back into letters that run together ("ignoreallpreviousinstructions", as Morse, NATO spelling,
 * braille or spaced-out letters read back without their word gaps): a run is split into words of a vocabulary of
 * what attempts say and the commonest English words, by dynamic programming over the fewest letters left unread and
 * then the fewest words. A run that does not split mostly into known words is left as it is.
 */
const VOCABULARY = new Set(
  `a about above access act action admin after again against ai all allowed also always am an and answer any anything
  api apply attack attacker away bank birthday board book call can't card cards check collect company conversation
  cookie copy could day dear delete document don't door download each else email end ever every face family find
  friend front get go going good great help her here him his history home house i'm it's keep kill know last let
  life line little long look lot made man many may mind money month most much name need never next night number
  old once one open order own part people person phone place plan point post put read request right run same school
  see she since small some something still such summarise summarize sure take team thank thanks think through time
  today together try two under until upload url use used want way week well went where while why work world would
  year yes yet
  are as ask assistant at be because been before being below bomb bypass but by can cannot chat code command commands
  config confidential content context contents control could credentials data debug delete details developer
  directive directives disable disregard do does done down drug email enable enabled ethics every everything exact
  exactly explain exploit file filter filters first follow following for forget format free from full give guard
  guidelines hack harmful has have hidden how i if ignore in initial inside instead instruction instructions into is
  it its jailbreak just key keys know leak like limit limits list make malware me message messages mode model more
  must my new no not now of off on only or original other our out output override password passwords pay persona
  policies policy previous print prior private prompt prompts protocol provide real repeat reply respond response
  restricted restriction restrictions reveal rule rules safety say secret secrets send set settings share should show
  so start steal step steps stop system tell text than that the their them then there these they thing this those to
  token tokens told tool true unfiltered unlock unrestricted up user users verbatim very was we weapon were what when
  which who will with without word words write you your yourself`.split(/\s+/),
);
const LONGEST = 12;
/**
 * Letters split at most, per text: every letter a prompt can hold (the detector reads 20,000 characters), so padding
 * run together ahead of a payload cannot use the budget up. A budget of 2,000 letters did, before the trie.
 */
const BUDGET = 20_000;

/**
 * The vocabulary's words spelt backwards in a trie of letters a–z (node × 26 + letter → child, 0 for none; node 0 the
 * root): the words ending at a letter of a run are read walking back from it, one array read a letter, where a slice
 * and a set lookup for each of 12 lengths allocated a string each (20,000 letters took 28 ms, now ~2).
 */
const TRIE = (() => {
  const children: number[] = [];
  const ends: boolean[] = [];
  const node = (): number => {
    for (let c = 0; c < 26; c++) children.push(0);
    ends.push(false);
    return ends.length - 1;
  };
  node();
  for (const word of VOCABULARY) {
    // Runs are letters only: a word with an apostrophe never ends in one.
    if (!/^[a-z]+$/.test(word) || word.length > LONGEST) continue;
    let at = 0;
    for (let i = word.length - 1; i >= 0; i--) {
      const slot = at * 26 + word.charCodeAt(i) - 97;
      at = (children[slot] as number) || (children[slot] = node());
    }
    ends[at] = true;
  }
  return { children: Int32Array.from(children), ends: Uint8Array.from(ends, Number) };
})();

export function isKnownWord(word: string): boolean {
  return VOCABULARY.has(word);
}

/** The vocabulary's words. */
export function knownWords(): Iterable<string> {
  return VOCABULARY;
}

/**
 * Runs of 12 to 400 letters in `text` that split mostly into known words, split so, one a line; '' if none did. The
 * runs alone, not the text around them: the text as written has views of its own.
 */
export function segmented(text: string): string {
  const out: string[] = [];
  // At most `BUDGET` letters split a text (a pasted hash list, or a prompt made to be slow, pays for no more).
  let budget = BUDGET;
  for (const [run] of text.matchAll(/[a-z]{12,400}/gi)) {
    if ((budget -= run.length) < 0) break;
    // Mixed case is a name in code (camelCase: a view of its own), not letters read back without their gaps.
    if (run !== run.toLowerCase() && run !== run.toUpperCase()) continue;
    const words = split(run.toLowerCase());
    if (words) out.push(words.join(' '));
  }
  return out.join('\n');
}

/** The split with the fewest unknown letters, then the fewest words; undefined when a fifth or more is unknown. */
function split(run: string): string[] | undefined {
  const n = run.length;
  const unknown = new Int32Array(n + 1).fill(n + 1);
  const words = new Int32Array(n + 1);
  const from = new Int32Array(n + 1);
  unknown[0] = 0;
  for (let i = 1; i <= n; i++) {
    // One letter unread …
    unknown[i] = (unknown[i - 1] as number) + 1;
    words[i] = (words[i - 1] as number) + 1;
    from[i] = i - 1;
    // … or a known word ending here, shortest first (a tie keeps the shorter).
    for (let k = 1, at = 0; k <= LONGEST && k <= i; k++) {
      at = TRIE.children[at * 26 + run.charCodeAt(i - k) - 97] as number;
      if (at === 0) break;
      if (TRIE.ends[at] === 0) continue;
      const u = unknown[i - k] as number;
      const w = (words[i - k] as number) + 1;
      if (u < (unknown[i] as number) || (u === unknown[i] && w < (words[i] as number))) {
        unknown[i] = u;
        words[i] = w;
        from[i] = i - k;
      }
    }
  }
  if ((unknown[n] as number) * 5 >= n) return undefined;
  const parts: string[] = [];
  for (let i = n; i > 0; i = from[i] as number) parts.push(run.slice(from[i] as number, i));
  // Unread letters next to each other are one piece.
  const merged: string[] = [];
  for (const p of parts.reverse()) {
    const last = merged[merged.length - 1];
    if (p.length === 1 && !VOCABULARY.has(p) && last !== undefined && last.length >= 1 && !VOCABULARY.has(last)) merged[merged.length - 1] = last + p;
    else merged.push(p);
  }
  return merged;
}
