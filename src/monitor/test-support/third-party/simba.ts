import { shuffled, type Rng } from '../../../ml/rng.ts';
import { argmax, type Vector } from '../../../ml/vector.ts';
import { planeSize, type ImageShape } from './image.ts';
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
 * probabilities (`predict(x, batch_size=1)`), then per image and iteration the next basis direction q of norm ε:
 * one feature, a pixel of one channel (`px`: a fresh random permutation of every channel's pixels, or ART's
 * diagonal order, a pixel's channels in turn, repeated to `maxIter`), or a 2-D DCT basis image in one channel
 * (`dct`: the orthonormal inverse DCT of one coefficient on that channel's side×side grid; the `freqDim`×`freqDim`
 * lowest frequencies of every channel first in random order, then bands grown by `stride`, each band's
 * frequencies of every channel shuffled together as ART's `_block_order` does, the whole order redrawn each time
 * it runs out). ART queries both x − q and x + q every iteration (two requests, each clipped to `clip_values`;
 * the paper skips x + q when x − q helps), keeps whichever lowered the predicted class's probability most, and
 * stops when the kept point's label changes or after `maxIter`.
 * Untargeted only (ART's default); the image's own predicted label is the one to leave, as ART does without `y`.
 * Simplified: float64 (ART casts to float32).
 */
export function artSimBA(session: ToolSession, inputs: readonly Vector[], image: ImageShape, rng: Rng, options: Partial<SimbaOptions> = {}): void {
  const o = { ...SIMBA_DEFAULTS, ...options };
  if ((image.side - o.freqDim) % o.stride !== 0) throw new Error('SimBA: (side − freqDim) must be a multiple of stride, as ART requires');
  const first: Float64Array[] = [];
  for (let i = 0; i < inputs.length; i += o.batchSize) first.push(...session.predict(inputs.slice(i, i + o.batchSize)));
  inputs.forEach((x, k) => {
    const p = first[k];
    if (p && !session.exhausted) simbaOne(session, x, p, image, rng, o);
  });
}

function simbaOne(session: ToolSession, original: Vector, answer: Float64Array, image: ImageShape, rng: Rng, o: SimbaOptions): void {
  const y = argmax(answer);
  let x: Vector = Float64Array.from(original);
  let last = answer[y] as number;
  const order = directionOrder(image, rng, o);
  for (let i = 0; i < o.maxIter && !session.exhausted; i++) {
    const q = direction(order[i] as number, image, o);
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
function directionOrder(image: ImageShape, rng: Rng, o: SimbaOptions): number[] {
  const order: number[] = [];
  while (order.length < o.maxIter) order.push(...(o.attack === 'dct' ? blockOrder(image, o.freqDim, o.stride, rng) : pixelOrder(image, o.order, rng)));
  return order.slice(0, o.maxIter);
}

/**
 * ART's `_block_order`: the top-left `freqDim`² frequencies of every channel shuffled together, then each new band
 * of `stride` rows and columns, of every channel, shuffled together.
 */
function blockOrder(image: ImageShape, freqDim: number, stride: number, rng: Rng): number[] {
  const { side } = image;
  const order = shuffled(cells(image, 0, freqDim, 0, freqDim), rng);
  for (let i = freqDim; i < side; i += stride) {
    order.push(...shuffled([...cells(image, 0, i + stride, i, i + stride), ...cells(image, i, i + stride, 0, i)], rng));
  }
  return order;
}

/**
 * Features in random order, or ART's `diagonal_order`: pixels by anti-diagonal, then by row, each pixel's
 * channels in turn (ART ranks channel c of a pixel `3·rank + c`).
 */
function pixelOrder(image: ImageShape, order: SimbaOptions['order'], rng: Rng): number[] {
  const { side, channels } = image;
  const all = cells(image, 0, side, 0, side);
  if (order === 'random') return shuffled(all, rng);
  const plane = planeSize(image);
  const rank = (f: number): number => {
    const i = f % plane;
    return ((Math.floor(i / side) + (i % side)) * side + Math.floor(i / side)) * channels + Math.floor(f / plane);
  };
  return all.sort((a, b) => rank(a) - rank(b));
}

/** Channels-first indices of the rows [r0, r1) and columns [c0, c1) of every channel, channel by channel. */
function cells(image: ImageShape, r0: number, r1: number, c0: number, c1: number): number[] {
  const { side, channels } = image;
  const out: number[] = [];
  for (let ch = 0; ch < channels; ch++) {
    const offset = ch * planeSize(image);
    for (let r = r0; r < Math.min(r1, side); r++) for (let c = c0; c < Math.min(c1, side); c++) out.push(offset + r * side + c);
  }
  return out;
}

/**
 * ε times basis vector `index`: a feature, or the inverse orthonormal 2-D DCT of one frequency (u, v) of one
 * channel (ART's `_block_idct` transforms each channel's plane on its own, so the others stay 0).
 */
function direction(index: number, image: ImageShape, o: SimbaOptions): Float64Array {
  const { side, channels } = image;
  const plane = planeSize(image);
  const q = new Float64Array(channels * plane);
  if (o.attack === 'px') {
    q[index] = o.epsilon;
    return q;
  }
  const offset = Math.floor(index / plane) * plane;
  const frequency = index % plane;
  const cu = cosine(Math.floor(frequency / side), side);
  const cv = cosine(frequency % side, side);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) q[offset + r * side + c] = o.epsilon * (cu[r] as number) * (cv[c] as number);
  return q;
}

/** The orthonormal DCT-II basis function of frequency k on n points (what scipy's `idct(norm='ortho')` spreads a coefficient into). */
function cosine(k: number, n: number): Float64Array {
  const scale = Math.sqrt((k === 0 ? 1 : 2) / n);
  return Float64Array.from({ length: n }, (_, r) => scale * Math.cos((Math.PI * (2 * r + 1) * k) / (2 * n)));
}
