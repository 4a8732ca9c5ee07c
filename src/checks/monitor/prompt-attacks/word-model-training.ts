/**
 * Training the word model (word-model.ts) on the prompt corpus, deterministically: the same corpus gives the same
 * numbers on every machine (no random order, no random start), so `word-model.data.ts` can be checked against it.
 *
 * Logistic regression by stochastic gradient descent, 30 passes in corpus order, step 0.5, L2 decay 10⁻³ on the
 * features of each example, attempts weighted twice (there are half as many). Chosen by leaving each round out in turn
 * (2026-12-07): decay 10⁻⁴ read 264 of 500 held-out attempts, 10⁻³ 330 and 3·10⁻³ 374, but with 5, 7 and 10 of 1,070
 * user prompts over the threshold; word triples, skip pairs and letter 5-grams read fewer held out.
 */
import { createHash } from 'node:crypto';
import { views } from '../../../llm/judge/decode.ts';
import type { Corpus } from './corpus/load.ts';
import { bestView, linearScore, type LinearModel, wordFeatures, type WordModel } from './word-model.ts';

export interface Example {
  features: string[];
  label: 0 | 1;
}

const EPOCHS = 30;
const STEP = 0.5;
const DECAY = 1e-3;
const POSITIVE_WEIGHT = 2;
/** Features in fewer examples than this are left out: a word seen once says nothing of another prompt. */
const MIN_EXAMPLES = 3;
/** Weights smaller than this are dropped from the shipped model (scores move by < 0.01 on the corpus). */
const PRUNE = 0.005;
/**
 * Share of held-out user prompts allowed over the threshold: none (the threshold is the highest score any of them got).
 * At 0.5% it was −0.74 on rounds 1–8, where ordinary documents scored above it far more often than the corpus's user
 * prompts: 100 of 15,940 chunks of 600 characters of the READMEs and text in node_modules and /usr/share/doc (0.63%;
 * license texts, "the following", "without"). At 0.1% (one or two prompts in 1,000) the model trained on round 9 too
 * flagged 10 of them (0.06%); above every held-out user prompt, 2–3 (0.02%), and 23 of the 70 attempts the patterns
 * miss rather than 26.
 */
const USER_SHARE = 0;

export function trainLinear(all: readonly Example[]): LinearModel {
  const seen = new Map<string, number>();
  for (const { features } of all) for (const f of features) seen.set(f, (seen.get(f) ?? 0) + 1);
  // Each scaled by all its features, as a prompt is scored (a feature the model lacks weighs 0 but still counts).
  const examples = all.map(({ features, label }) => ({ features: features.filter((f) => (seen.get(f) as number) >= MIN_EXAMPLES), count: features.length, label }));
  const weights = new Map<string, number>();
  let bias = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const { features, count, label } of examples) {
      const z = linearScore({ bias, weights }, features, count);
      const g = (1 / (1 + Math.exp(-z)) - label) * (label === 1 ? POSITIVE_WEIGHT : 1);
      const scale = count > 0 ? 1 / Math.sqrt(count) : 0;
      for (const f of features) {
        const w = weights.get(f) ?? 0;
        weights.set(f, w - STEP * (g * scale + DECAY * w));
      }
      bias -= STEP * g;
    }
  }
  for (const [f, w] of weights) if (Math.abs(w) < PRUNE) weights.delete(f);
  return { bias, weights };
}

/** The highest score over a prompt's views, as the detector scores it. */
export function viewScore(model: LinearModel, text: string): number {
  return bestView(model, views(text)).score;
}

export interface HeldOut {
  round: string;
  attempts: number;
  read: number;
  users: number;
  flagged: number;
}

/**
 * The model and its threshold: each round left out in turn, a model trained on the others scores its prompts; the
 * threshold is where `USER_SHARE` of those held-out user prompts lie above it, and the held-out figures are read there.
 */
export function trainWordModel(rounds: readonly { name: string; corpus: Corpus }[]): { model: WordModel; heldOut: HeldOut[]; digest: string } {
  const examples = (cs: readonly { corpus: Corpus }[]): Example[] =>
    cs.flatMap(({ corpus }) => [...corpus.attacks.map((a) => ({ features: wordFeatures(a.text), label: 1 as const })), ...corpus.benign.map((b) => ({ features: wordFeatures(b.text), label: 0 as const }))]);
  const scored = rounds.map((r) => {
    const model = trainLinear(examples(rounds.filter((o) => o !== r)));
    return { round: r.name, attempts: r.corpus.attacks.map((a) => viewScore(model, a.text)), users: r.corpus.benign.map((b) => viewScore(model, b.text)) };
  });
  const users = scored.flatMap((s) => s.users).sort((a, b) => b - a);
  const threshold = round(users[Math.floor(users.length * USER_SHARE)] ?? 0);
  const heldOut = scored.map((s) => ({ round: s.round, attempts: s.attempts.length, read: s.attempts.filter((x) => x > threshold).length, users: s.users.length, flagged: s.users.filter((x) => x > threshold).length }));
  const attempt = trainLinear(examples(rounds));
  const jailbreak = trainLinear(rounds.flatMap(({ corpus }) => corpus.attacks.map((a) => ({ features: wordFeatures(a.text), label: a.kind === 'jailbreak' ? (1 as const) : (0 as const) }))));
  return { model: { attempt: rounded(attempt), jailbreak: rounded(jailbreak), threshold }, heldOut, digest: corpusDigest(rounds) };
}

/** SHA-256 of the rounds' prompts, so a model trained on another corpus is seen for what it is. */
export function corpusDigest(rounds: readonly { name: string; corpus: Corpus }[]): string {
  const h = createHash('sha256');
  for (const { name, corpus } of rounds) h.update(JSON.stringify([name, corpus.attacks.map((a) => [a.text, a.kind]), corpus.benign.map((b) => b.text)]));
  return h.digest('hex');
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

function rounded(m: LinearModel): LinearModel {
  return { bias: round(m.bias), weights: new Map([...m.weights].map(([f, w]) => [f, round(w)] as [string, number]).filter(([, w]) => w !== 0)) };
}

/** The shipped model as a module (word-model.data.ts): the numbers, the corpus they came from, what held-out rounds read. */
export function renderWordModel({ model, heldOut, digest }: ReturnType<typeof trainWordModel>): string {
  const linear = (m: LinearModel) => ({ bias: m.bias, weights: Object.fromEntries([...m.weights].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) });
  const data = { threshold: model.threshold, attempt: linear(model.attempt), jailbreak: linear(model.jailbreak) };
  const rows = heldOut.map((h) => `//   ${h.round}: ${h.read} of ${h.attempts} attempts over the threshold, ${h.flagged} of ${h.users} user prompts`);
  return [
    '// Generated by `npm run train:prompts` (scripts/train-prompt-model.ts) from corpus/round-*.json: do not edit.',
    '// Each round left out in turn, a model trained on the others read (at the threshold below):',
    ...rows,
    '',
    '/** SHA-256 of the corpus the model was trained on (word-model-training.ts `corpusDigest`). */',
    `export const CORPUS_DIGEST = '${digest}';`,
    '',
    '/** The model as JSON: the threshold, and the attempt and jailbreak models\' bias and weights. */',
    `export const WORD_MODEL_JSON = ${JSON.stringify(JSON.stringify(data))};`,
    '',
  ].join('\n');
}
