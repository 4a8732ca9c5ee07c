/**
 * A linear model of words over the prompt corpus (corpus/): logistic regression on the lower-cased words and word
 * pairs a prompt holds, trained by `npm run train:prompts` (word-model-training.ts) and shipped as numbers
 * (word-model.data.ts). It reads what the patterns cannot: an attempt in other words than any pattern knows, as long
 * as it speaks of what attempts speak of ("everything before this line was a test", "as your new operator I …").
 *
 * Why a linear model and not a language model: nothing may be downloaded, none ships in a few hundred kilobytes, and a
 * linear model says which words made its score, so an analyst can read why a prompt was flagged.
 */

import { WORD_MODEL_JSON } from './word-model.data.ts';

/** Words and pairs of words, lower-cased, each once: the model's inputs. */
export function wordFeatures(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    out.add(words[i] as string);
    if (i + 1 < words.length) out.add(`${words[i] as string} ${words[i + 1] as string}`);
  }
  return [...out];
}

/** A logistic model: bias plus the weights of the features present, each scaled by 1/√(features present). */
export interface LinearModel {
  bias: number;
  weights: Map<string, number>;
}

/** The model's score of a text's features (`count`: how many the text has, when `features` holds only some of them). */
export function linearScore(model: LinearModel, features: readonly string[], count = features.length): number {
  if (count === 0) return model.bias;
  const scale = 1 / Math.sqrt(count);
  let z = model.bias;
  for (const f of features) z += (model.weights.get(f) ?? 0) * scale;
  return z;
}

/** The features that raised the score most, strongest first. */
export function strongestFeatures(model: LinearModel, features: readonly string[], count: number): string[] {
  return features
    .map((f) => ({ f, w: model.weights.get(f) ?? 0 }))
    .filter((x) => x.w > 0)
    .sort((a, b) => b.w - a.w || (a.f < b.f ? -1 : 1))
    .slice(0, count)
    .map((x) => x.f);
}

/** The shipped models: attempt or not, and (for an attempt) jailbreak or injection. */
export interface WordModel {
  attempt: LinearModel;
  jailbreak: LinearModel;
  /** Scores above this are attempts: set on prompts of rounds the model did not see (word-model-training.ts). */
  threshold: number;
}

/**
 * Words and pairs a decoded view needs to be scored: one word alone weighs as much as a whole prompt's words (the
 * scale is 1/√features), and a view that decodes to a word or two ("ignore", from a hex colour) is no prompt.
 */
export const MIN_VIEW_FEATURES = 9;

/**
 * Views the model does not score: names in code split into words ("toEncodedMap, toDecodedMap" read as "encoded …
 * decoded", words of encoded attempts), letters re-spaced, and leetspeak (a modem's "2400 ttyS1" read as letters);
 * the patterns read them.
 */
const UNSCORED = new Set(['camel', 'segmented', 'leet']);

/**
 * Words in a window of a long prompt, scored on its own: an attempt inside a long document is diluted by the document's
 * words (the scale is 1/√features). Windows of 60 words, every 30, lowered by `WINDOW_MARGIN` so that a long document
 * has no more chances over the threshold than a short prompt: over 1,241 README passages of 3,000 characters, 1 was
 * over it as a whole and 1 with the windows (5 without the margin). Held out (a model of rounds 1–9), round 10's
 * attempts pasted after 2,500 characters of a README: 7 of 60 read whole, 12 with the windows (19 alone); its user
 * prompts so pasted, 0 either way.
 */
export const WINDOW_WORDS = 60;
export const WINDOW_MARGIN = 0.5;

/** A prompt's best score, the view (and window of words) that got it, and its features. */
export interface ViewScore {
  score: number;
  view: string;
  features: string[];
  words?: [number, number];
}

/**
 * The best-scoring of a prompt's views (the first is the prompt as written, always scored, and for a long prompt its
 * windows too), and its features; `words`: the window's first and last word (1-based) when a window scored best.
 */
export function bestView(model: LinearModel, views: readonly { name: string; text: string }[]): ViewScore {
  let best: ViewScore = { score: -Infinity, view: '', features: [] };
  views.forEach((v, i) => {
    // A view that decodes nothing (most prompts' folded text is the prompt) scores as the prompt did.
    if (i > 0 && v.text === views[0]?.text) return;
    const features = wordFeatures(v.text);
    if (i > 0 && (features.length < MIN_VIEW_FEATURES || UNSCORED.has(v.name))) return;
    const score = linearScore(model, features);
    if (score > best.score) best = { score, view: v.name, features };
  });
  const written = views[0];
  const words = written?.text.match(/\S+/g) ?? [];
  if (written && words.length > WINDOW_WORDS) {
    for (let at = 0; at + WINDOW_WORDS / 2 < words.length; at += WINDOW_WORDS / 2) {
      const features = wordFeatures(words.slice(at, at + WINDOW_WORDS).join(' '));
      const score = linearScore(model, features) - WINDOW_MARGIN;
      if (score > best.score) best = { score, view: written.name, features, words: [at + 1, Math.min(at + WINDOW_WORDS, words.length)] };
    }
  }
  return best;
}

let shipped: WordModel | undefined;

/** The model trained on the corpus (word-model.data.ts), read once. */
export function shippedWordModel(): WordModel {
  if (shipped) return shipped;
  const data = JSON.parse(WORD_MODEL_JSON) as { threshold: number; attempt: SerialModel; jailbreak: SerialModel };
  const linear = (m: SerialModel): LinearModel => ({ bias: m.bias, weights: new Map(Object.entries(m.weights)) });
  shipped = { threshold: data.threshold, attempt: linear(data.attempt), jailbreak: linear(data.jailbreak) };
  return shipped;
}

interface SerialModel {
  bias: number;
  weights: Record<string, number>;
}
