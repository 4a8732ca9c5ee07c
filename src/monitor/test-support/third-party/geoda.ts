import type { Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';
import { boundary } from './hop-skip-jump.ts';
import { planeSize, type ImageShape } from './image.ts';
import { axpy, norm, type ToolSession } from './session.ts';

/** ART's GeoDA defaults (Rahmati et al. 2020; `art.attacks.evasion.GeoDA`). */
export const GEODA_DEFAULTS = { maxIter: 4000, subDim: 10, sigma: 0.0002, lambda: 0.6, batchSize: 64, iterations: 10 };

/**
 * How ART's GeoDA queries (label-only), input by input: Gaussian noise of growing size until misclassified, a
 * binary search to the boundary, then per iteration a batch of probes σ·(low-frequency noise) around the
 * boundary point (their number grows geometrically with λ, `maxIter` queries in all), the normal estimated
 * from which probes stay adversarial, and a step along it followed by another binary search. On a colour image
 * each channel of a probe has its own low-frequency coefficients, as ART's `_sub_noise` draws `nb_channels` of
 * them per probe on the one side×side DCT basis.
 */
export function artGeoDA(session: ToolSession, inputs: readonly Vector[], image: ImageShape, rng: Rng, options: Partial<typeof GEODA_DEFAULTS> = {}): void {
  const o = { ...GEODA_DEFAULTS, ...options };
  const weights = Array.from({ length: o.iterations }, (_, i) => o.lambda ** (-i / 3));
  const total = weights.reduce((a, b) => a + b, 0);
  for (const x of inputs) {
    if (session.exhausted) return;
    const y = session.label(x);
    let adv: Vector | undefined;
    for (let t = 1; t <= 100 && !adv && !session.exhausted; t++) {
      const r = session.clip(Float64Array.from(x, (v) => v + 0.05 * t * rng.normal()));
      if (session.label(r) !== y) adv = r;
    }
    if (!adv) continue;
    let point = boundary(session, x, adv, y, 0.01);
    for (let i = 0; i < o.iterations && !session.exhausted; i++) {
      const count = Math.max(1, Math.round((o.maxIter * (weights[i] as number)) / total));
      const noise = Array.from({ length: count }, () => lowFrequency(image, o.subDim, rng));
      const answers = session.labels(noise.map((u) => session.clip(axpy(point, o.sigma, u))));
      const normal = new Float64Array(x.length);
      noise.forEach((u, k) => {
        const s = answers[k] !== y ? 1 : -1;
        for (let j = 0; j < normal.length; j++) normal[j] = (normal[j] as number) + s * (u[j] as number);
      });
      const step = session.clip(axpy(point, norm(axpy(point, -1, x)) / (norm(normal) || 1), normal));
      point = session.label(step) !== y ? boundary(session, x, step, y, 0.01) : point;
    }
  }
}

/**
 * Unit-norm noise in the lowest `subDim`×`subDim` cosine frequencies of each side×side channel (GeoDA's
 * subspace), the channels' coefficients drawn one channel after another.
 */
function lowFrequency(image: ImageShape, subDim: number, rng: Rng): Float64Array {
  const { side, channels } = image;
  const k = Math.min(subDim, side);
  const cos = cosines(side, k);
  const out = new Float64Array(channels * planeSize(image));
  for (let ch = 0; ch < channels; ch++) {
    const coefficients = Array.from({ length: k * k }, () => rng.normal());
    const plane = ch * planeSize(image);
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        let v = 0;
        for (let u = 0; u < k; u++) for (let w = 0; w < k; w++) v += (coefficients[u * k + w] as number) * (cos[u * side + r] as number) * (cos[w * side + c] as number);
        out[plane + r * side + c] = v;
      }
    }
  }
  const n = norm(out) || 1;
  return out.map((v) => v / n);
}

/** cos((2r + 1)·u·π / 2·side) for u < k, r < side, at [u·side + r]: the same values each probe recomputed (a 28×28 image has 78,400 terms a probe). */
function cosines(side: number, k: number): Float64Array {
  const key = side * 1024 + k;
  let table = COSINES.get(key);
  if (!table) {
    table = new Float64Array(k * side);
    for (let u = 0; u < k; u++) for (let r = 0; r < side; r++) table[u * side + r] = Math.cos(((2 * r + 1) * u * Math.PI) / (2 * side));
    COSINES.set(key, table);
  }
  return table;
}
const COSINES = new Map<number, Float64Array>();
