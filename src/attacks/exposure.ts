import { z } from 'zod';
import { FeatureConstraints, projection } from './constraints.ts';
import type { Vector } from '../ml/vector.ts';
import type { Prediction, PredictionTarget, RawAnswer } from '../targets/prediction-target.ts';
import { BudgetExhaustedError } from '../targets/prediction-target.ts';
import { TransientError } from '../targets/retry.ts';
import { sleep } from '../targets/sleep.ts';
import { stopOf, type AttackContext, type StopReason } from './context.ts';
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
  /** Feature ranges: without --inputs, the probes are spread inside them (an API may refuse values outside). */
  constraints: FeatureConstraints.default(FeatureConstraints.parse({})),
});
export type ExposureParams = z.output<typeof ExposureParams>;

/** Inputs for an exposure probe when none are given: spread across every feature's range, valid by the constraints. */
export function spreadProbes(features: number, constraints: FeatureConstraints, count = 8): number[][] {
  const box = projection(constraints, features);
  return Array.from({ length: count }, (_, k) => {
    const x = Float64Array.from({ length: features }, (_, i) => (box.lower[i] as number) + (((i + k) % 5) / 4) * ((box.upper[i] as number) - (box.lower[i] as number)));
    return Array.from(box.project(x));
  });
}

export type { OutputDisclosure } from './served-output.ts';

/** `unknown` when the target failed before answering the probes. */
export type OutputReading = OutputDisclosure | 'unknown';

export type ExposureResult = {
  /** What the API returns, measured on its raw answers when the target keeps them (HTTP), else on what the file reads. */
  output: OutputReading;
  /** What the target file reads of it (the attacks see this much). */
  fileReads: OutputReading;
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
  /** Set when the run ended early; `target-error` when the target failed (the figures are those so far). */
  stopped?: StopReason;
  stoppedBy?: string;
}

export async function runExposure(target: PredictionTarget, xs: readonly Vector[], params: ExposureParams, context: AttackContext = {}): Promise<ExposureResult> {
  const probes = xs.slice(0, params.samples);
  const burst = { sent: 0, answered: 0, refused: 0, firstRefusedAt: null as number | null, seconds: 0, otherErrors: 0 };
  let answers: Prediction[];
  let raw: RawAnswer[];
  try {
    ({ predictions: answers, raw } = await readAnswers(target, probes, context));
  } catch (error) {
    // The output could not be read: what is known so far is that nothing was.
    return { output: 'unknown', fileReads: 'unknown', judgedFrom: 'answers as read', unread: [], burst, rateLimited: false, queries: target.stats().queries, ...stopOf(error) };
  }
  const read = classifyOutput(answers);
  const served = raw.length > 0 ? measureServed(raw, target.classes) : undefined;
  const { output, decimals, topK } = served ?? read;
  const readsScores = read.output !== 'labels-only';
  const unreadFields = (served?.fields ?? []).filter((f) => f.scores && (f.read === false || (f.read === null && !readsScores)));
  // A map's entries are named once, by the map: "probabilities", not "probabilities.0", "probabilities.3", …
  const named = unreadFields.map((f) => (unreadFields.filter((g) => g.group === f.group).length > 1 ? f.group : f.field) || '(the whole answer)');
  const unread = [...new Set(named)];
  const before = target.stats();
  let failure: unknown;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (burst.sent < params.burst && failure === undefined && !context.signal?.aborted && target.remaining() >= 1) {
      const n = ++burst.sent;
      const throttledBefore = target.stats().throttled;
      try {
        await target.predict([xs[n % xs.length] as Vector], context.signal);
        burst.answered++;
      } catch (error) {
        if (error instanceof BudgetExhaustedError) break;
        if (target.stats().throttled > throttledBefore) burst.firstRefusedAt ??= n;
        else {
          // Not a refusal: the target failed (down, 5xx, timeout); the burst stops and says so.
          burst.otherErrors++;
          failure ??= error;
        }
      }
      context.progress?.(burst.sent, params.burst);
    }
  };
  await Promise.all(Array.from({ length: params.parallel }, worker));
  burst.refused = target.stats().throttled - before.throttled;
  burst.seconds = (performance.now() - started) / 1000;
  return {
    output,
    fileReads: read.output,
    judgedFrom: served ? 'raw answers' : 'answers as read',
    ...(served?.precision ? { precision: served.precision } : {}),
    ...(served ? { fields: served.fields } : {}),
    unread,
    ...(decimals !== undefined && output === 'rounded-scores' ? { decimals } : {}),
    ...(topK !== undefined ? { topK } : {}),
    burst,
    rateLimited: burst.refused > 0,
    queries: target.stats().queries,
    ...(failure !== undefined ? stopOf(failure) : {}),
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
