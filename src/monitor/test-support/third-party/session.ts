import { predictProba, type Network } from '../../../ml/network.ts';
import type { Rng } from '../../../ml/rng.ts';
import { argmax, type Vector } from '../../../ml/vector.ts';

/**
 * What a third-party attack tool sees of the victim, and what the victim's payload log sees of the tool: every
 * call is one request (a batch of inputs, as ART's `predict(x, batch_size)` sends them), answered with the
 * class probabilities. The requests are kept in order; the traffic generator timestamps them.
 */
export class ToolSession {
  readonly requests: Vector[][] = [];
  private sent = 0;

  constructor(
    private readonly victim: Network,
    /** Most inputs per request: ART's estimators split a `predict` into batches of this size. */
    readonly batchSize: number,
    /** Stop answering once the tool has sent this many inputs (a small-scale run of the same tool). */
    readonly budget: number,
  ) {}

  get exhausted(): boolean {
    return this.sent >= this.budget;
  }

  get queries(): number {
    return this.sent;
  }

  /** The victim's probabilities for each input, sent in batches of `batchSize`; inputs past the budget get none. */
  predict(xs: readonly Vector[]): Float64Array[] {
    const out: Float64Array[] = [];
    for (let i = 0; i < xs.length && !this.exhausted; i += this.batchSize) {
      const batch = xs.slice(i, Math.min(i + this.batchSize, i + this.budget - this.sent)).map((x) => clip(x));
      this.requests.push(batch);
      this.sent += batch.length;
      for (const x of batch) out.push(predictProba(this.victim, x));
    }
    return out;
  }

  /** Predicted labels only (a label-only tool reads no scores, though the API returned them). */
  labels(xs: readonly Vector[]): number[] {
    return this.predict(xs).map((p) => argmax(p));
  }

  label(x: Vector): number {
    return this.labels([x])[0] ?? -1;
  }
}

/** Inputs clipped to the pixel range [0, 1], as ART's `clip_values` does before every query. */
export function clip(x: Vector): Vector {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.min(1, Math.max(0, x[i] as number));
  return out;
}

export function gaussian(n: number, rng: Rng): Float64Array {
  const out = new Float64Array(n);
  rng.fillNormal(out);
  return out;
}

export function norm(v: Vector): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  return Math.sqrt(s);
}

/** a + t·b */
export function axpy(a: Vector, t: number, b: Vector): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) + t * (b[i] as number);
  return out;
}

/** (1 − t)·a + t·b */
export function mix(a: Vector, b: Vector, t: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (1 - t) * (a[i] as number) + t * (b[i] as number);
  return out;
}
