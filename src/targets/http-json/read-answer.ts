import { describe } from '../json-path.ts';

/** What one answer said, and which of its fields (key paths, relative to it) were read. */
export interface ReadAnswer {
  label?: number;
  scores?: Float64Array;
  scoredClasses?: number;
  fields: string[];
}

export interface ClassInfo {
  classNames: string[] | undefined;
  classes: number | undefined;
  /** A binary API seen serving P(class 1) as one number: its 0 and 1 are saturated probabilities, not labels. */
  probabilities?: boolean;
}

/** Thrown by the readers; the caller adds which answer and which path. */
export class ReadError extends Error {}

// Keys answers use for the label and for the scores, in the order they are tried.
export const LABEL_KEYS = ['label', 'labels', 'prediction', 'predictions', 'predicted_class', 'predicted_label', 'class', 'class_id', 'classes', 'category', 'result', 'results', 'output', 'outputs', 'y', 'target'];
export const SCORE_KEYS = ['probabilities', 'probability', 'probs', 'proba', 'predict_proba', 'scores', 'confidences', 'class_probabilities', 'likelihoods'];

// Triton's classification extension: top-k as strings "score:index" or "score:index:label".
export const CLASSIFICATION = /^\s*(-?[\d.]+(?:[eE][-+]?\d+)?|-?inf|nan)\s*:\s*(\d+)(?::.*)?$/i;

/**
 * One answer read by its shape: a number, boolean or name is a label; a list of numbers the scores; a
 * `{class: score}` map or Triton's "score:index" strings top-k scores; an object with a label key and/or a
 * scores key (LABEL_KEYS, SCORE_KEYS) both. The label is the scores' argmax when only scores are given.
 */
/** Whether an answer is one binary probability that is not a whole number (possibly in a one-element list or under a label key). */
export function servesProbability(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isInteger(value) && value > 0 && value < 1;
  if (Array.isArray(value)) return value.length === 1 && servesProbability(value[0]);
  if (value === null || typeof value !== 'object') return false;
  const key = LABEL_KEYS.find((k) => (value as Record<string, unknown>)[k] !== undefined);
  return key !== undefined && !SCORE_KEYS.some((k) => k in value) && servesProbability((value as Record<string, unknown>)[key]);
}

export function readAnswer(value: unknown, info: ClassInfo): ReadAnswer {
  const pairs = labelScorePairs(value);
  if (pairs) {
    // Hugging Face style [{ label, score }, …]: scores by class when the classes are known, else the top label.
    if (info.classes !== undefined || info.classNames) return withLabel({ ...readScores(Object.fromEntries(pairs), info), fields: [] });
    const best = pairs.reduce((a, b) => (b[1] > a[1] ? b : a));
    return { label: readLabel(best[0], info), fields: [] };
  }
  if (Array.isArray(value) && value.length === 1) return readAnswer(value[0], info);
  if (Array.isArray(value) || isScoreMap(value)) return withLabel({ ...readScores(value, info), fields: [] });
  if (value !== null && typeof value === 'object') return readObject(value as Record<string, unknown>, info);
  if (typeof value === 'number' && (!Number.isInteger(value) || (info.probabilities === true && (value === 0 || value === 1)))) {
    // A binary classifier's probability of class 1.
    if (info.classes === 2 && value >= 0 && value <= 1) return { label: value >= 0.5 ? 1 : 0, scores: Float64Array.of(1 - value, value), fields: [] };
    throw new ReadError(`${describe(value)} is not a class label (if it is the probability of class 1, declare classes: 2)`);
  }
  return { label: readLabel(value, info), fields: [] };
}

function readObject(obj: Record<string, unknown>, info: ClassInfo): ReadAnswer {
  const labelKey = LABEL_KEYS.find((k) => obj[k] !== undefined && obj[k] !== null);
  const scoresKey = SCORE_KEYS.find((k) => obj[k] !== undefined && obj[k] !== null);
  if (labelKey === undefined && scoresKey === undefined) {
    throw new ReadError(`${describe(obj)}: none is a known label or scores key; say where they are (response.labels / response.scores)`);
  }
  let out: ReadAnswer = { fields: [] };
  const names = labelKey !== undefined ? obj[labelKey] : undefined;
  if (scoresKey !== undefined && Array.isArray(names) && Array.isArray(obj[scoresKey]) && names.length === (obj[scoresKey] as unknown[]).length && names.length > 1) {
    // Vertex AI's classification answer: { classes: [names], scores: [...] }, the two lists aligned.
    const map = Object.fromEntries(names.map((name, k) => [String(name), (obj[scoresKey] as unknown[])[k]]));
    return withLabel({ ...readScores(map, info), fields: [labelKey as string, scoresKey] });
  }
  if (labelKey !== undefined) {
    const inner = readAnswer(obj[labelKey], info);
    out = { ...inner, fields: inner.fields.length > 0 ? inner.fields.map((f) => `${labelKey}.${f}`) : [labelKey] };
  }
  if (scoresKey !== undefined) {
    const scores = readScores(obj[scoresKey], info);
    out = { ...out, ...scores, fields: [...out.fields, scoresKey] };
  }
  return withLabel(out);
}

function withLabel(answer: ReadAnswer): ReadAnswer {
  if (answer.label === undefined && answer.scores) return { ...answer, label: argmaxOf(answer.scores) };
  return answer;
}

function isScoreMap(value: unknown): value is Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const values = Object.values(value);
  return values.length > 0 && values.every((v) => typeof v === 'number') && !Object.keys(value).some((k) => LABEL_KEYS.includes(k) || SCORE_KEYS.includes(k));
}

/** Scores: a list of numbers, a `{class: score}` map (top-k), or Triton "score:index" strings (top-k). */
export function readScores(value: unknown, info: ClassInfo): { scores: Float64Array; scoredClasses?: number } {
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number')) return { scores: Float64Array.from(value as number[]) };
  if (Array.isArray(value) && value.length === 1 && Array.isArray(value[0])) return readScores(value[0], info);
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && CLASSIFICATION.test(v))) {
    const classes = needClasses(info, 'scores are top-k "score:index" strings');
    const scores = new Float64Array(classes);
    for (const entry of value as string[]) {
      const match = CLASSIFICATION.exec(entry) as RegExpExecArray;
      const k = Number(match[2]);
      if (k >= classes) throw new ReadError(`scores class ${k}, not below ${classes}`);
      scores[k] = Number(match[1]);
    }
    return { scores, ...(value.length < classes ? { scoredClasses: value.length } : {}) };
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    const classes = needClasses(info, 'scores are a map');
    const scores = new Float64Array(classes);
    for (const [key, v] of entries) {
      const k = classIndex(key, info.classNames);
      if (k === undefined || k >= classes) {
        throw new ReadError(`score for unknown class ${JSON.stringify(key)}${info.classNames ? '' : '; scores keyed by class name need "classNames" in the target file'}`);
      }
      scores[k] = typeof v === 'number' ? v : Number.NaN;
    }
    return { scores, ...(entries.length < classes ? { scoredClasses: entries.length } : {}) };
  }
  throw new ReadError(`${describe(value)} is not scores (a list of numbers or a { class: score } map)`);
}

/** A label: a class index, a class name (classNames), a boolean, or a one-element list of one. */
export function readLabel(value: unknown, info: ClassInfo): number {
  if (Array.isArray(value) && value.length === 1) return readLabel(value[0], info);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const k = classIndex(value, info.classNames);
    if (k !== undefined) return k;
    throw new ReadError(`${describe(value)} is not a class index${info.classNames ? ' nor one of classNames' : '; string labels need "classNames" in the target file'}`);
  }
  throw new ReadError(`${describe(value)} is not a class label`);
}

function needClasses(info: ClassInfo, what: string): number {
  const classes = info.classes ?? info.classNames?.length;
  if (classes === undefined) throw new ReadError(`${what}; declare "classes" in the target file`);
  return classes;
}

export function classIndex(key: string, names: string[] | undefined): number | undefined {
  if (names) {
    const i = names.indexOf(key);
    if (i >= 0) return i;
  }
  return /^\d+$/.test(key.trim()) ? Number(key) : undefined;
}

export function argmaxOf(v: Float64Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if ((v[i] as number) > (v[best] as number)) best = i;
  return best;
}

const PAIR_LABEL = ['label', 'class', 'name', 'category'];
const PAIR_SCORE = ['score', 'confidence', 'probability', 'prob'];

/** `[{ label: "cat", score: 0.9 }, …]` (or one such object) as [label, score] pairs; undefined for anything else. */
function labelScorePairs(value: unknown): [string, number][] | undefined {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return undefined;
  const pairs: [string, number][] = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
    const o = item as Record<string, unknown>;
    const lk = PAIR_LABEL.find((k) => typeof o[k] === 'string' || typeof o[k] === 'number');
    const sk = PAIR_SCORE.find((k) => typeof o[k] === 'number');
    if (lk === undefined || sk === undefined || SCORE_KEYS.some((k) => k in o)) return undefined;
    pairs.push([String(o[lk]), o[sk] as number]);
  }
  return pairs;
}
