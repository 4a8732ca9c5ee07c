// `npx tsx bench/prompt-shuffled.ts TREE [round-9,round-10]`: typoglycemia (OWASP's prompt-injection cheat sheet) against
// TREE's monitor/prompt-attacks: the corpus's attempts that the detector reads as written, with their words of four
// letters or more shuffled behind the first letter (all of them, last letter kept; half of them; 60% with the last
// letter moved too; Best-of-N jailbreaking's three augmentations together), and how many it still reads; and its user prompts so shuffled, and how many it flags. Rounds 9 and
// 10 were the held-out test of `src/llm/judge/unscramble.ts` (its extra words come from rounds 1–8). A seeded shuffle
// (SEED, default 7): the same figures every run.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusRounds } from '../src/checks/monitor/prompt-attacks/corpus/load.ts';
import type * as Detector from '../src/checks/monitor/prompt-attacks/detector.ts';
import { createRng } from '../src/ml/rng.ts';

const tree = resolve(process.argv[2] ?? '.');
const only = process.argv[3]?.split(',');
const { promptAttacksDetector, PromptAttacksParams } = (await import(pathToFileURL(`${tree}/src/checks/monitor/prompt-attacks/detector.ts`).href)) as typeof Detector;
const rounds = corpusRounds().filter((r) => !only || only.includes(r.name));

for (const wordModel of [false, true]) {
  const detector = promptAttacksDetector(PromptAttacksParams.parse({ wordModel }));
  const flagged = (prompt: string): boolean => {
    let hit = false;
    detector.observe({ source: 'bench', line: 1, client: 'c', prompt }, () => void (hit = true));
    return hit;
  };
  const rng = createRng(Number(process.env.SEED ?? 7));
  const shuffle = (text: string, share: number, keepLast: boolean): string =>
    text.replace(/[A-Za-z]{4,}/g, (word) => {
      if (rng.next() >= share) return word;
      const middle = [...word.slice(1, keepLast ? -1 : undefined)];
      for (let i = middle.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [middle[i], middle[j]] = [middle[j] as string, middle[i] as string];
      }
      return word[0] + middle.join('') + (keepLast ? word.slice(-1) : '');
    });
  // Best-of-N jailbreaking's augmentations (Hughes et al. 2024): middle letters of words over 3 letters shuffled (p 0.6),
  // each letter's case flipped (p 0.6), printable characters moved one code point up or down (p 0.06).
  const bestOfN = (text: string): string =>
    [...shuffle(text, 0.6, true)]
      .map((c) => (/[a-z]/i.test(c) && rng.next() < 0.6 ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c))
      .map((c) => (c >= '!' && c <= '}' && rng.next() < 0.06 ? String.fromCharCode(c.charCodeAt(0) + (rng.next() < 0.5 ? -1 : 1)) : c))
      .join('');
  console.log(`word model ${wordModel ? 'on' : 'off'} (${rounds.map((r) => r.name).join(', ')}):`);
  for (const [share, keepLast] of [[1, true], [0.5, true], [0.6, false], [-1, true]] as const) {
    let read = 0;
    let still = 0;
    let users = 0;
    let usersFlagged = 0;
    for (const { corpus } of rounds) {
      for (const a of corpus.attacks) {
        if (!flagged(a.text)) continue;
        read++;
        if (flagged(share < 0 ? bestOfN(a.text) : shuffle(a.text, share, keepLast))) still++;
      }
      for (const b of corpus.benign) {
        users++;
        if (flagged(share < 0 ? bestOfN(b.text) : shuffle(b.text, share, keepLast))) usersFlagged++;
      }
    }
    const how = share < 0 ? 'Best-of-N augmented (60% shuffled, 60% of capitals flipped, 6% of characters ±1)' : `${share * 100}% of the words shuffled${keepLast ? ', last letter kept' : ''}`;
    console.log(`  ${how}: ${still} of ${read} attempts still read; ${usersFlagged} of ${users} user prompts so changed flagged`);
  }
}
