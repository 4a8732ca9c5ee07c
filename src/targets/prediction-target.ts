import type { Vector } from '../ml/vector.ts';

/** One answer of a classifier's prediction API for one input. */
export interface Prediction {
  /** Class index (class names are mapped to indices by the adapter). */
  label: number;
  /** Per-class scores, when the API returns them; classes an API left out (top-k) are 0. */
  scores?: Float64Array;
  /** How many classes the API actually scored, when it returned fewer than all (top-k). */
  scoredClasses?: number;
}

/**
 * One call's answer as the API sent it (parsed), for the exposure check to measure what the API reveals
 * rather than what the target file reads. `fields` are the key paths the file read (undefined: unknown).
 */
export interface RawAnswer {
  body: unknown;
  /** Inputs the call carried. */
  inputs: number;
  fields: string[] | undefined;
}

/** What a target has spent so far; the query log holds the detail. */
export interface TargetStats {
  /** Inputs sent for prediction, every attempt counted: this is what the API saw. */
  queries: number;
  /** HTTP calls (or sessions runs) made; a batch of inputs is one call. */
  calls: number;
  retries: number;
  /** Answers that said "slow down" (HTTP 429, or 503 with Retry-After). */
  throttled: number;
  /** Time spent waiting on the client-side rate limit and on Retry-After, in ms. */
  waitedMs: number;
}

/**
 * A classifier reachable for predictions: an HTTP JSON API, a KServe v2 server or a local ONNX file.
 * Every implementation counts queries against a budget, rate-limits, retries and logs (see guarded-target.ts).
 */
export interface PredictionTarget {
  readonly kind: 'prediction-api';
  /** The name the user gave the target; used in every message about it. */
  readonly name: string;
  /** Feature count, when declared or known from the model. */
  readonly features: number | undefined;
  /** Class count, when declared or known from the model. */
  readonly classes: number | undefined;
  /** The most inputs one call may carry. */
  readonly maxBatch: number;
  /** Predict a batch; throws `BudgetExhaustedError` before sending a batch the budget cannot pay for. */
  predict(inputs: readonly Vector[], signal?: AbortSignal): Promise<Prediction[]>;
  /** Like predict, also returning each call's raw answer (HTTP targets); same budget, limits and log. */
  inspect?(inputs: readonly Vector[], signal?: AbortSignal): Promise<{ predictions: Prediction[]; raw: RawAnswer[] }>;
  /** Queries left in the budget (Infinity without a budget). */
  remaining(): number;
  stats(): TargetStats;
  close(): Promise<void>;
}

/** Thrown when the query budget cannot pay for a request; attacks catch it and report what they found. */
export class BudgetExhaustedError extends Error {
  constructor(
    readonly target: string,
    readonly budget: number,
  ) {
    super(`target "${target}": query budget of ${budget} spent`);
    this.name = 'BudgetExhaustedError';
  }
}
