import { logitsBatch, type Network } from '../ml/network.ts';
import type { Rng } from '../ml/rng.ts';
import type { Vector } from '../ml/vector.ts';
import type { Projection } from './constraints.ts';

export interface CandidateMix {
  /** Share of pairs inside one surrogate class; the rest of the mixtures cross its boundary. */
  withinShare: number;
  /** Share of jittered inputs, `jitter` of each feature's range. */
  jitterShare: number;
  jitter: number;
  /** Share of inputs moved along the seeds' own directions of variation, `principalScale` of their spread. */
  principalShare: number;
  principalScale: number;
  /** Where on a segment a mixture lies (0 = the first input, 1 = the other; outside extrapolates). */
  mixMin: number;
  mixMax: number;
}

/** Surrogate labels and top-two margins of many inputs, one batched forward pass. */
export function labelsAndMargins(model: Network, xs: readonly Vector[]): { labels: Int32Array; margins: Float64Array } {
  const logits = logitsBatch(model, xs);
  const classes = model.layers[model.layers.length - 1]?.outputs ?? 1;
  const labels = new Int32Array(xs.length);
  const margins = new Float64Array(xs.length);
  for (let r = 0; r < xs.length; r++) {
    const at = r * classes;
    let max = -Infinity;
    let best = 0;
    for (let k = 0; k < classes; k++) {
      const v = logits[at + k] as number;
      if (v > max) [max, best] = [v, k];
    }
    let sum = 0;
    let second = 0;
    for (let k = 0; k < classes; k++) {
      const e = Math.exp((logits[at + k] as number) - max);
      sum += e;
      if (k !== best && e > second) second = e;
    }
    labels[r] = best;
    margins[r] = (1 - second) / sum;
  }
  return { labels, margins };
}

/**
 * Synthetic inputs around the answered ones: points on segments between inputs the surrogate labels
 * differently (where its boundary runs) or alike, jittered inputs, and inputs moved along the seeds' own
 * directions of variation (a Gaussian with the seeds' covariance, drawn as a random combination of centred
 * seeds — no eigen-decomposition, and it stays on the directions real data varies along).
 */
export function candidates(xs: readonly Vector[], natural: readonly boolean[], labels: Int32Array, box: Projection, count: number, rng: Rng, mix: CandidateMix): Vector[] {
  const features = xs[0]?.length ?? 0;
  const real = xs.filter((_, i) => natural[i]);
  const mean = new Float64Array(features);
  for (const x of real) for (let i = 0; i < features; i++) mean[i] = (mean[i] as number) + (x[i] as number) / real.length;
  const spread = Math.min(16, real.length);
  const out: Vector[] = [];
  for (let k = 0; k < count; k++) {
    const a = rng.int(xs.length);
    const xa = xs[a] as Vector;
    const kind = rng.next();
    if (kind < mix.principalShare && real.length > 1) {
      const moved = Float64Array.from(xa);
      const scale = mix.principalScale / Math.sqrt(spread);
      for (let q = 0; q < spread; q++) {
        const s = real[rng.int(real.length)] as Vector;
        const z = rng.normal() * scale;
        for (let i = 0; i < features; i++) moved[i] = (moved[i] as number) + z * ((s[i] as number) - (mean[i] as number));
      }
      out.push(box.project(moved));
    } else if (kind < mix.principalShare + mix.jitterShare) {
      out.push(box.project(xa.map((v, i) => v + mix.jitter * rng.normal() * ((box.upper[i] as number) - (box.lower[i] as number)))));
    } else {
      const crossing = rng.next() >= mix.withinShare;
      let b = rng.int(xs.length);
      for (let tries = 0; tries < 10 && (labels[b] === labels[a]) === crossing; tries++) b = rng.int(xs.length);
      const xb = xs[b] as Vector;
      const t = mix.mixMin + (mix.mixMax - mix.mixMin) * rng.next();
      out.push(box.project(xa.map((v, i) => (1 - t) * v + t * (xb[i] as number))));
    }
  }
  return out;
}

/** The `want` candidates where the surrogate's top two classes are closest: the boundary it has not learned yet. */
export function leastMargin(model: Network, pool: readonly Vector[], want: number): Vector[] {
  const { margins } = labelsAndMargins(model, pool);
  return Array.from(pool.keys())
    .sort((a, b) => (margins[a] as number) - (margins[b] as number) || a - b)
    .slice(0, want)
    .map((i) => pool[i] as Vector);
}
