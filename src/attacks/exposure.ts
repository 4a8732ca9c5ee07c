import { z } from 'zod';
import type { Vector } from '../ml/vector.ts';
import type { Prediction, PredictionTarget, RawAnswer } from '../targets/prediction-target.ts';
import { BudgetExhaustedError } from '../targets/prediction-target.ts';
import { TransientError } from '../targets/retry.ts';
import { sleep } from '../targets/sleep.ts';
import type { AttackContext } from './context.ts';
import { measureServed, type OutputDisclosure, type ServedField } from './served-output.ts';

/**
 * Exposure of a prediction API (AML.T0040): what its answers reveal (AML.M0002, output obfuscation) and
 * whether a bounded burst of queries meets a rate limit (AML.M0004). The target must be opened in probe
 * mode (no client-side limit, no retries) so the server's own behaviour shows.
 */
export const ExposureParams = z.strictObject({
  /** Calls in the burst (one input each); bounded so the probe never becomes a denial of service. */
  burst: z.number().int().min(1).max(1000).default(60),
  /** Calls in flight at once during the burst. */
  parallel: z.number().int().min(1).max(32).default(8),
  /** Inputs used to read the output format. */
  samples: z.number().int().min(1).max(100).default(8),
});
export type ExposureParams = z.output<typeof ExposureParams>;

export type { OutputDisclosure } from './served-output.ts';

export type ExposureResult = {
  /** What the API returns, measured on its raw answers when the target keeps them (HTTP), else on what the file reads. */
  output: OutputDisclosure;
  /** What the target file reads of it (the attacks see this much). */
  fileReads: OutputDisclosure;
  /** `raw answers` or `answers as read` (ONNX and in-process targets have no raw answer). */
  judgedFrom: 'raw answers' | 'answers as read';
  precision?: 'float32' | 'float64';
  /** Every numeric field served, with whether the file reads it. */
  fields?: ServedField[];
  /** Score fields the API serves that the target file does not read. */
  unread: string[];
  /** Decimals the scores carry when rounded. */
  decimals?: number;
  /** Classes scored per answer when top-k. */
  topK?: number;
  burst: { sent: number; answered: number; refused: number; firstRefusedAt: number | null; seconds: number; otherErrors: number };
  rateLimited: boolean;
  queries: number;
}

export async function runExposure(target: PredictionTarget, xs: readonly Vector[], params: ExposureParams, context: AttackContext = {}): Promise<ExposureResult> {
  const probes = xs.slice(0, params.samples);
  const { predictions: answers, raw } = await readAnswers(target, probes, context);
  const read = classifyOutput(answers);
  const served = raw.length > 0 ? measureServed(raw, target.classes) : undefined;
  const { output, decimals, topK } = served ?? read;
  const readsScores = read.output !== 'labels-only';
  const unreadFields = (served?.fields ?? []).filter((f) => f.scores && (f.read === false || (f.read === null && !readsScores)));
  // A map's entries are named once, by the map: "probabilities", not "probabilities.0", "probabilities.3", …
  const named = unreadFields.map((f) => (unreadFields.filter((g) => g.group === f.group).length > 1 ? f.group : f.field) || '(the whole answer)');
  const unread = [...new Set(named)];
  const before = target.stats();
  let sent = 0;
  let answered = 0;
  let otherErrors = 0;
  let firstRefusedAt: number | null = null;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (sent < params.burst && !context.signal?.aborted && target.remaining() >= 1) {
      const n = ++sent;
      const throttledBefore = target.stats().throttled;
      try {
        await target.predict([xs[n % xs.length] as Vector], context.signal);
        answered++;
      } catch (error) {
        if (error instanceof BudgetExhaustedError) break;
        if (target.stats().throttled > throttledBefore) firstRefusedAt ??= n;
        else otherErrors++;
      }
      context.progress?.(sent, params.burst);
    }
  };
  await Promise.all(Array.from({ length: params.parallel }, worker));
  const refused = target.stats().throttled - before.throttled;
  return {
    output,
    fileReads: read.output,
    judgedFrom: served ? 'raw answers' : 'answers as read',
    ...(served?.precision ? { precision: served.precision } : {}),
    ...(served ? { fields: served.fields } : {}),
    unread,
    ...(decimals !== undefined && output === 'rounded-scores' ? { decimals } : {}),
    ...(topK !== undefined ? { topK } : {}),
    burst: { sent, answered, refused, firstRefusedAt, seconds: (performance.now() - started) / 1000, otherErrors },
    rateLimited: refused > 0,
    queries: target.stats().queries,
  };
}

/**
 * The answers the output format is read from. The target is in probe mode (no retries), but a server still
 * throttling an earlier run must not end this one before it starts: wait as it asks and try again.
 */
async function readAnswers(target: PredictionTarget, probes: readonly Vector[], context: AttackContext): Promise<{ predictions: Prediction[]; raw: RawAnswer[] }> {
  for (let attempt = 1; ; attempt++) {
    const throttled = target.stats().throttled;
    try {
      if (target.inspect) return await target.inspect(probes, context.signal);
      return { predictions: await target.predict(probes, context.signal), raw: [] };
    } catch (error) {
      if (attempt >= 4 || target.stats().throttled === throttled || target.remaining() < probes.length) throw error;
      const cause = error instanceof Error ? error.cause : undefined;
      const wait = cause instanceof TransientError && cause.retryAfterMs !== undefined ? cause.retryAfterMs : 1000 * attempt;
      await sleep(Math.min(wait, 10_000), context.signal);
    }
  }
}

/** Labels only, top-k, rounded, or full precision — read from the answers themselves. */
export function classifyOutput(answers: readonly Prediction[]): { output: OutputDisclosure; decimals?: number; topK?: number } {
  const scored = answers.filter((a) => a.scores && a.scores.length > 0);
  if (scored.length === 0) return { output: 'labels-only' };
  const partial = scored.map((a) => a.scoredClasses).filter((k): k is number => k !== undefined);
  if (partial.length > 0) return { output: 'top-k', topK: Math.max(...partial) };
  const values = scored.flatMap((a) => Array.from(a.scores as Float64Array));
  for (let decimals = 0; decimals <= 4; decimals++) {
    const scale = 10 ** decimals;
    if (values.every((v) => Math.abs(v * scale - Math.round(v * scale)) < 1e-6)) return { output: 'rounded-scores', decimals };
  }
  return { output: 'full-scores' };
}
