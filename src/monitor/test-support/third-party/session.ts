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
    /** Each feature's valid range (ART's `clip_values`); pixels in [0, 1] when not given. */
    readonly bounds?: FeatureBounds,
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
      const batch = xs.slice(i, Math.min(i + this.batchSize, i + this.budget - this.sent)).map((x) => this.clip(x));
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

  /** An input clipped to the victim's feature ranges, as ART's `clip_values` does before every query. */
  clip(x: Vector): Vector {
    return this.bounds ? clipTo(x, this.bounds) : clipTo01(x);
  }

  /** Feature `i`'s value clipped to its range. */
  clamp(i: number, v: number): number {
    return this.bounds ? Math.min(this.bounds.hi[i] as number, Math.max(this.bounds.lo[i] as number, v)) : Math.min(1, Math.max(0, v));
  }

  /** A point drawn uniformly from the feature ranges: HopSkipJump's and BoundaryAttack's noise inits. */
  uniform(features: number, rng: Rng): Float64Array {
    const b = this.bounds;
    if (!b) return Float64Array.from({ length: features }, () => rng.next());
    return Float64Array.from({ length: features }, (_, i) => (b.lo[i] as number) + ((b.hi[i] as number) - (b.lo[i] as number)) * rng.next());
  }
}

/** The lowest and highest valid value of each feature. */
export interface FeatureBounds {
  lo: Float64Array;
  hi: Float64Array;
}

/** Inputs clipped to the pixel range [0, 1]. */
function clipTo01(x: Vector): Vector {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.min(1, Math.max(0, x[i] as number));
  return out;
}

/** Inputs clipped to the bounds, feature by feature. */
export function clipTo(x: Vector, bounds: FeatureBounds): Vector {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.min(bounds.hi[i] as number, Math.max(bounds.lo[i] as number, x[i] as number));
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
