import { shuffled, type Rng } from '../../../ml/rng.ts';
import { argmax, type Vector } from '../../../ml/vector.ts';
import { axpy, type ToolSession } from './session.ts';

/**
 * ART's SimBA defaults (Guo et al. 2019; `art.attacks.evasion.SimBA`): the low-frequency DCT variant, basis
 * directions in random order, ε = 0.1, untargeted; ART refuses any `batch_size` but 1 (only its first `predict` is batched).
 */
export const SIMBA_DEFAULTS = {
  attack: 'dct' as 'dct' | 'px',
  maxIter: 3000,
  order: 'random' as 'random' | 'diag',
  epsilon: 0.1,
  freqDim: 4,
  stride: 1,
  batchSize: 1,
};
type SimbaOptions = typeof SIMBA_DEFAULTS;

/**
 * How ART's SimBA queries (score-based, one image at a time, one image a request): first every image's
 * probabilities (`predict(x, batch_size=1)`), then per image and iteration the next basis direction q of norm ε —
 * a pixel (`px`: a fresh random permutation of the pixels, or ART's diagonal order, repeated to `maxIter`) or a 2-D
 * DCT basis image (`dct`: the orthonormal inverse DCT of one coefficient on the side×side grid; the
 * `freqDim`×`freqDim` lowest frequencies first in random order, then bands grown by `stride`, shuffled within
 * each band, the whole order redrawn each time it runs out). ART queries both x − q and x + q every iteration
 * (two requests, each clipped to `clip_values`; the paper skips x + q when x − q helps), keeps whichever lowered
 * the predicted class's probability most, and stops when the kept point's label changes or after `maxIter`.
 * Untargeted only (ART's default); the image's own predicted label is the one to leave, as ART does without `y`.
 * Simplified: one channel, float64 (ART casts to float32).
 */
export function artSimBA(session: ToolSession, inputs: readonly Vector[], side: number, rng: Rng, options: Partial<SimbaOptions> = {}): void {
  const o = { ...SIMBA_DEFAULTS, ...options };
  if ((side - o.freqDim) % o.stride !== 0) throw new Error('SimBA: (side − freqDim) must be a multiple of stride, as ART requires');
  const first: Float64Array[] = [];
  for (let i = 0; i < inputs.length; i += o.batchSize) first.push(...session.predict(inputs.slice(i, i + o.batchSize)));
  inputs.forEach((x, k) => {
    const p = first[k];
    if (p && !session.exhausted) simbaOne(session, x, p, side, rng, o);
  });
}

function simbaOne(session: ToolSession, original: Vector, answer: Float64Array, side: number, rng: Rng, o: SimbaOptions): void {
  const y = argmax(answer);
  let x: Vector = Float64Array.from(original);
  let last = answer[y] as number;
  const order = directionOrder(side, rng, o);
  for (let i = 0; i < o.maxIter && !session.exhausted; i++) {
    const q = direction(order[i] as number, side, o);
    const left = session.clip(axpy(x, -1, q));
    const right = session.clip(axpy(x, 1, q));
    const pLeft = session.predict([left])[0];
    const pRight = session.predict([right])[0];
    if (!pLeft || !pRight) return;
    const kept = lower(y, last, { x: left, p: pLeft }, { x: right, p: pRight });
    if (!kept) continue;
    x = kept.x;
    last = kept.p[y] as number;
    if (argmax(kept.p) !== y) return;
  }
}

interface Probe {
  x: Vector;
  p: Float64Array;
}

/** ART's choice: x − q if it lowered class y's probability and beat x + q, else x + q if that lowered it. */
function lower(y: number, last: number, left: Probe, right: Probe): Probe | undefined {
  const l = left.p[y] as number;
  const r = right.p[y] as number;
  if (l < last && l < r) return left;
  return r < last ? right : undefined;
}

/** The basis indices in ART's order, fresh rounds appended until there are `maxIter`. */
function directionOrder(side: number, rng: Rng, o: SimbaOptions): number[] {
  const order: number[] = [];
  while (order.length < o.maxIter) order.push(...(o.attack === 'dct' ? blockOrder(side, o.freqDim, o.stride, rng) : pixelOrder(side, o.order, rng)));
  return order.slice(0, o.maxIter);
}

/** ART's `_block_order`: the top-left `freqDim`² frequencies shuffled, then each new band of `stride` rows and columns shuffled. */
function blockOrder(side: number, freqDim: number, stride: number, rng: Rng): number[] {
  const order = shuffled(cells(side, 0, freqDim, 0, freqDim), rng);
  for (let i = freqDim; i < side; i += stride) {
    order.push(...shuffled([...cells(side, 0, i + stride, i, i + stride), ...cells(side, i, i + stride, 0, i)], rng));
  }
  return order;
}

/** Pixels in random order, or ART's `diagonal_order`: by anti-diagonal, then by row. */
function pixelOrder(side: number, order: SimbaOptions['order'], rng: Rng): number[] {
  const all = cells(side, 0, side, 0, side);
  if (order === 'random') return shuffled(all, rng);
  const rank = (i: number): number => (Math.floor(i / side) + (i % side)) * side + Math.floor(i / side);
  return all.sort((a, b) => rank(a) - rank(b));
}

/** Row-major indices of the rows [r0, r1) and columns [c0, c1). */
function cells(side: number, r0: number, r1: number, c0: number, c1: number): number[] {
  const out: number[] = [];
  for (let r = r0; r < Math.min(r1, side); r++) for (let c = c0; c < Math.min(c1, side); c++) out.push(r * side + c);
  return out;
}

/** ε times basis vector `index`: a pixel, or the inverse orthonormal 2-D DCT of one frequency (u, v). */
function direction(index: number, side: number, o: SimbaOptions): Float64Array {
  const q = new Float64Array(side * side);
  if (o.attack === 'px') {
    q[index] = o.epsilon;
    return q;
  }
  const cu = cosine(Math.floor(index / side), side);
  const cv = cosine(index % side, side);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) q[r * side + c] = o.epsilon * (cu[r] as number) * (cv[c] as number);
  return q;
}

/** The orthonormal DCT-II basis function of frequency k on n points (what scipy's `idct(norm='ortho')` spreads a coefficient into). */
function cosine(k: number, n: number): Float64Array {
  const scale = Math.sqrt((k === 0 ? 1 : 2) / n);
  return Float64Array.from({ length: n }, (_, r) => scale * Math.cos((Math.PI * (2 * r + 1) * k) / (2 * n)));
}
