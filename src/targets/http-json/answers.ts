import { describe, explainMiss, getPath, splitPath } from '../json-path.ts';
import { ProtocolError } from '../guarded-target.ts';
import type { Prediction } from '../prediction-target.ts';
import type { HttpResponse, Selector } from '../target-file.ts';
import { compileExpression, type Expression } from './expression.ts';
import { argmaxOf, readAnswer, readLabel, ReadError, readScores, servesProbability, type ClassInfo, type ReadAnswer } from './read-answer.ts';

/** What a call's answer said, and which fields of it the target file read (key paths; undefined when an expression read it). */
export interface Reading {
  predictions: Prediction[];
  fields: string[] | undefined;
}

export interface AnswerReader {
  read(body: unknown, n: number, status: number): Promise<Reading>;
}

interface Source {
  /** The selector as written, for messages: `labels "predictions"`. */
  written: string;
  path: string | undefined;
  expression: Expression | undefined;
}

/**
 * The response side of an http-json target file. `answers`, `labels` and `scores` are read from the whole
 * response — never relative to a default — and give one value per input when the call is batched (a single
 * value when it is not). The legacy `itemsPath` / `labelPath` / `scoresPath` keep their meaning.
 */
export function answerReader(spec: HttpResponse, batched: boolean, info: ClassInfo): AnswerReader {
  const legacy = spec.answers === undefined && spec.labels === undefined && spec.scores === undefined;
  if (legacy && (spec.labelPath !== undefined || spec.scoresPath !== undefined)) return legacyReader(spec, batched, info);
  const source = (selector: Selector | undefined, key: string): Source | undefined => {
    if (selector === undefined) return undefined;
    if (typeof selector === 'string') return { written: `${key} "${selector}"`, path: selector, expression: undefined };
    return { written: `${key} (JSONata)`, path: undefined, expression: compileExpression(selector.jsonata, `response.${key}.jsonata`) };
  };
  const answers = source(spec.answers ?? (legacy ? spec.itemsPath : undefined), legacy ? 'itemsPath' : 'answers');
  const labels = source(spec.labels, 'labels');
  const scores = source(spec.scores, 'scores');
  const sources = [answers, labels, scores].filter((s): s is Source => s !== undefined);
  // A binary API that once served P(class 1) as a fraction serves probabilities: its 0 and 1 are saturated ones.
  let seen: ClassInfo = info;

  return {
    async read(body, n, status) {
      const fail = (message: string): ProtocolError => new ProtocolError(message, status);
      const perInput = async (s: Source): Promise<unknown[]> => {
        const value = s.expression ? await s.expression.evaluate(body) : getPath(body, s.path as string);
        const missing = value === undefined || (s.path !== undefined && s.path.includes('*') && Array.isArray(value) && value.some((v) => v === undefined));
        if (missing) throw fail(`${s.written}: ${s.expression ? 'the expression gave nothing' : explainMiss(body, s.path as string)}`);
        return splitPerInput(value, n, batched, s, fail);
      };
      const [a, l, sc] = await Promise.all([answers, labels, scores].map((s) => (s ? perInput(s) : undefined)));
      if (info.classes === 2 && !seen.probabilities && a?.some(servesProbability)) seen = { ...info, probabilities: true };
      const fields = new Set<string>();
      const predictions: Prediction[] = [];
      for (let i = 0; i < n; i++) {
        const at = (s: Source, read: () => ReadAnswer): ReadAnswer => {
          try {
            return read();
          } catch (error) {
            if (error instanceof ReadError) throw fail(`answer ${i}: ${s.written}: ${error.message}`);
            throw error;
          }
        };
        let answer: ReadAnswer = { fields: [] };
        if (a && answers) {
          answer = at(answers, () => readAnswer(a[i], seen));
          for (const f of answer.fields) fields.add(join(answers.path, f));
          if (answer.fields.length === 0) fields.add(join(answers.path, ''));
        }
        if (l && labels) answer = { ...answer, label: at(labels, () => ({ label: readLabel(l[i], info), fields: [] })).label as number };
        if (sc && scores) {
          const read = at(scores, () => ({ ...readScores(sc[i], info), fields: [] }));
          const readScoresOf = read.scores as Float64Array;
          answer = { ...answer, scores: readScoresOf, ...(read.scoredClasses !== undefined ? { scoredClasses: read.scoredClasses } : {}) };
          if (l === undefined && (a === undefined || answer.label === undefined)) answer.label = argmaxOf(readScoresOf);
        }
        if (answer.label === undefined) throw fail(`answer ${i}: ${sources.map((s) => s.written).join(', ')}: no label and no scores`);
        predictions.push(toPrediction(answer));
      }
      for (const s of [labels, scores]) if (s) fields.add(join(s.path, ''));
      return { predictions, fields: sources.some((s) => s.expression) ? undefined : [...fields] };
    },
  };
}

/** One value per input: a batched call needs a list of n (or parallel lists in an object); a single call one value. */
function splitPerInput(value: unknown, n: number, batched: boolean, s: Source, fail: (m: string) => ProtocolError): unknown[] {
  if (!batched) return [Array.isArray(value) && value.length === 1 ? value[0] : value];
  if (Array.isArray(value) && value.length === n) return value;
  if (n === 1 && !(Array.isArray(value) && value.length === 1)) return [value];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    // Parallel lists, e.g. { predictions: [...], probabilities: [[...]] }: answer i is { key: list[i] } for each.
    const parallel = Object.entries(value).filter(([, v]) => Array.isArray(v) && v.length === n);
    if (parallel.length > 0) return Array.from({ length: n }, (_, i) => Object.fromEntries(parallel.map(([k, v]) => [k, (v as unknown[])[i]])));
  }
  throw fail(`${s.written}: ${describe(value)} for a batch of ${n} inputs (one value per input expected)`);
}

/** Key paths only: array indices and `*` dropped, so `predictions.*.label` and `predictions[3].label` are one field. */
function join(path: string | undefined, rel: string): string {
  const keys = [...splitPath(path ?? ''), ...splitPath(rel)].filter((k) => typeof k === 'string' && k !== '*');
  return keys.join('.');
}

function toPrediction(a: ReadAnswer): Prediction {
  return { label: a.label as number, ...(a.scores ? { scores: a.scores } : {}), ...(a.scoredClasses !== undefined ? { scoredClasses: a.scoredClasses } : {}) };
}

/** The original form: labelPath and scoresPath inside each item of itemsPath (batched) or of the whole answer. */
function legacyReader(spec: HttpResponse, batched: boolean, info: ClassInfo): AnswerReader {
  const itemsPath = spec.itemsPath ?? 'predictions';
  const itemsWritten = spec.itemsPath !== undefined ? `itemsPath "${itemsPath}"` : `itemsPath "predictions" (the default: itemsPath is not written)`;
  return {
    async read(body, n, status) {
      const items = batched ? getPath(body, itemsPath) : [body];
      if (!Array.isArray(items)) {
        throw new ProtocolError(
          `${itemsWritten}: ${explainMiss(body, itemsPath)}, not the array of answers; for lists side by side at the top of the answer write labels: and scores: paths instead of labelPath/scoresPath`,
          status,
        );
      }
      const atTop = (path: string): string => {
        const found = batched ? getPath(body, path) : undefined;
        return found === undefined ? '' : `; "${path}" is read inside each answer of ${itemsWritten}, but at the top of the response it is ${describe(found)}: for lists side by side write labels: and scores: (read from the top) instead`;
      };
      const predictions = items.map((item, i) => readLegacy(item, i, batched ? `${itemsPath}.${i}` : undefined, spec, info, status, atTop));
      const prefix = batched ? `${itemsPath}.` : '';
      const fields = [spec.labelPath, spec.scoresPath].filter((p): p is string => p !== undefined).map((p) => join(`${prefix}${p}`, ''));
      return { predictions, fields };
    },
  };
}

function readLegacy(item: unknown, index: number, at: string | undefined, spec: HttpResponse, info: ClassInfo, status: number, atTop: (path: string) => string): Prediction {
  const where = `answer ${index}${at ? ` (${at})` : ''}`;
  let scores: { scores: Float64Array; scoredClasses?: number } | undefined;
  if (spec.scoresPath !== undefined) {
    const raw = getPath(item, spec.scoresPath);
    if (raw === undefined || raw === null || typeof raw !== 'object') {
      const hint = atTop(spec.scoresPath) || (raw === undefined || raw === null ? '; if the API returns labels only, drop scoresPath from the target file' : '');
      throw new ProtocolError(`${where}: no scores at "${spec.scoresPath}" (got ${raw === undefined ? 'nothing' : raw === null ? 'null' : typeof raw})${hint}`, status);
    }
    try {
      scores = readScores(raw, info);
    } catch (error) {
      if (error instanceof ReadError) throw new ProtocolError(`${where}: ${error.message}`, status);
      throw error;
    }
  }
  let label: number;
  if (spec.labelPath !== undefined) {
    const raw = getPath(item, spec.labelPath);
    try {
      label = readLabel(raw, info);
    } catch {
      const hint = atTop(spec.labelPath) || (typeof raw === 'string' ? (info.classNames ? ', not one of classNames' : '; string labels need "classNames" in the target file') : '');
      throw new ProtocolError(`${where}: no class label at "${spec.labelPath}" (got ${JSON.stringify(raw)?.slice(0, 40) ?? 'nothing'})${hint}`, status);
    }
  } else {
    label = argmaxOf((scores as { scores: Float64Array }).scores);
  }
  return { label, ...(scores ? { scores: scores.scores } : {}), ...(scores?.scoredClasses !== undefined ? { scoredClasses: scores.scoredClasses } : {}) };
}
