import { denseBatch, type DenseLayer, type Network } from './network.ts';
import { createRng } from './rng.ts';
import type { Vector } from './vector.ts';

export interface FitOptions {
  /** Most passes over the data; training stops earlier once the loss stops falling (see `patience`). */
  epochs: number;
  learningRate: number;
  batchSize: number;
  /** L2 penalty on weights, per sample. */
  l2: number;
  seed: number;
  /** Stop after this many epochs without the mean loss falling by `tolerance` (sklearn's n_iter_no_change). */
  patience?: number;
  tolerance?: number;
}

/**
 * Mini-batch Adam on cross-entropy, a whole batch per matrix product: the same model as `train` in
 * network.ts, for training that runs many times inside an attack (a surrogate refitted every round). Rows
 * are packed once into one Float64Array and every buffer is allocated once, so an epoch allocates nothing.
 * `targets` are class indices or probability vectors. Returns the epochs run.
 */
export function fit(net: Network, x: readonly Vector[], targets: readonly (number | Float64Array)[], options: FitOptions): number {
  const rows = x.length;
  const layers = net.layers;
  const width = layers[0]?.inputs ?? 0;
  const classes = layers[layers.length - 1]?.outputs ?? 0;
  if (rows === 0 || layers.length === 0) return 0;
  const rng = createRng(options.seed);
  const batch = Math.max(1, Math.min(options.batchSize, rows));
  const data = new Float64Array(rows * width);
  x.forEach((row, r) => data.set(row, r * width));
  const soft = new Float64Array(rows * classes);
  targets.forEach((t, r) => {
    if (typeof t === 'number') soft[r * classes + t] = 1;
    else soft.set(t, r * classes);
  });
  // acts[0] is the batch's inputs; acts[l + 1] the output of layer l (probabilities at the end).
  const acts = [new Float64Array(batch * width), ...layers.map((l) => new Float64Array(batch * l.outputs))];
  const deltas = layers.map((l) => new Float64Array(batch * l.outputs));
  const grads = layers.map((l) => ({ w: new Float64Array(l.weights.length), b: new Float64Array(l.outputs) }));
  const moments = layers.map((l) => ({ mw: new Float64Array(l.weights.length), vw: new Float64Array(l.weights.length), mb: new Float64Array(l.outputs), vb: new Float64Array(l.outputs) }));
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  const patience = options.patience ?? Infinity;
  const tolerance = options.tolerance ?? 1e-4;
  let best = Infinity;
  let stale = 0;
  let step = 0;
  let epoch = 0;
  while (epoch < options.epochs) {
    epoch++;
    for (let i = rows - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    let loss = 0;
    for (let start = 0; start < rows; start += batch) {
      const n = Math.min(batch, rows - start);
      const input = acts[0] as Float64Array;
      for (let r = 0; r < n; r++) input.set(data.subarray((order[start + r] as number) * width, ((order[start + r] as number) + 1) * width), r * width);
      forward(layers, acts, n);
      // Softmax + cross-entropy: the output delta is p − t.
      const out = acts[layers.length] as Float64Array;
      const top = deltas[layers.length - 1] as Float64Array;
      for (let r = 0; r < n; r++) {
        const row = (order[start + r] as number) * classes;
        for (let k = 0; k < classes; k++) {
          const t = soft[row + k] as number;
          const p = out[r * classes + k] as number;
          if (t > 0) loss -= t * Math.log(Math.max(p, 1e-12));
          top[r * classes + k] = p - t;
        }
      }
      backward(layers, acts, deltas, grads, n);
      step++;
      adam(layers, grads, moments, n, step, options);
    }
    loss /= rows;
    if (loss < best - tolerance) {
      best = loss;
      stale = 0;
    } else if (++stale >= patience) break;
  }
  return epoch;
}

function forward(layers: readonly DenseLayer[], acts: Float64Array[], n: number): void {
  const last = layers.length - 1;
  layers.forEach((layer, l) => {
    const out = acts[l + 1] as Float64Array;
    denseBatch(layer, acts[l] as Float64Array, n, out, l < last);
    if (l === last) for (let r = 0; r < n; r++) softmaxRow(out, r * layer.outputs, layer.outputs);
  });
}

function softmaxRow(v: Float64Array, at: number, m: number): void {
  let max = -Infinity;
  for (let k = 0; k < m; k++) max = Math.max(max, v[at + k] as number);
  let sum = 0;
  for (let k = 0; k < m; k++) {
    const e = Math.exp((v[at + k] as number) - max);
    v[at + k] = e;
    sum += e;
  }
  for (let k = 0; k < m; k++) v[at + k] = (v[at + k] as number) / sum;
}

/**
 * Gradients of a batch: `g.w = Δᵀ·X` four rows at a time (each gradient entry loaded once per four rows, not
 * once per row), then the delta of the layer below through the weights and the ReLU.
 */
function backward(layers: readonly DenseLayer[], acts: Float64Array[], deltas: Float64Array[], grads: { w: Float64Array; b: Float64Array }[], n: number): void {
  for (let l = layers.length - 1; l >= 0; l--) {
    const { weights: w, inputs: width, outputs: m } = layers[l] as DenseLayer;
    const input = acts[l] as Float64Array;
    const delta = deltas[l] as Float64Array;
    const g = grads[l] as { w: Float64Array; b: Float64Array };
    g.w.fill(0);
    g.b.fill(0);
    let r = 0;
    for (; r + 3 < n; r += 4) {
      const x0 = r * width;
      const x1 = x0 + width;
      const x2 = x1 + width;
      const x3 = x2 + width;
      for (let o = 0; o < m; o++) {
        const d0 = delta[r * m + o] as number;
        const d1 = delta[(r + 1) * m + o] as number;
        const d2 = delta[(r + 2) * m + o] as number;
        const d3 = delta[(r + 3) * m + o] as number;
        if (d0 === 0 && d1 === 0 && d2 === 0 && d3 === 0) continue;
        g.b[o] = (g.b[o] as number) + d0 + d1 + d2 + d3;
        const w0 = o * width;
        for (let i = 0; i < width; i++) {
          g.w[w0 + i] = (g.w[w0 + i] as number) + d0 * (input[x0 + i] as number) + d1 * (input[x1 + i] as number) + d2 * (input[x2 + i] as number) + d3 * (input[x3 + i] as number);
        }
      }
    }
    for (; r < n; r++) {
      const x0 = r * width;
      for (let o = 0; o < m; o++) {
        const d = delta[r * m + o] as number;
        if (d === 0) continue;
        g.b[o] = (g.b[o] as number) + d;
        const w0 = o * width;
        for (let i = 0; i < width; i++) g.w[w0 + i] = (g.w[w0 + i] as number) + d * (input[x0 + i] as number);
      }
    }
    if (l === 0) continue;
    const below = deltas[l - 1] as Float64Array;
    for (let q = 0; q < n; q++) {
      const x0 = q * width;
      for (let i = 0; i < width; i++) {
        // ReLU derivative: no gradient through units that were off.
        if ((input[x0 + i] as number) <= 0) {
          below[x0 + i] = 0;
          continue;
        }
        let s = 0;
        for (let o = 0; o < m; o++) s += (delta[q * m + o] as number) * (w[o * width + i] as number);
        below[x0 + i] = s;
      }
    }
  }
}

function adam(layers: readonly DenseLayer[], grads: { w: Float64Array; b: Float64Array }[], moments: { mw: Float64Array; vw: Float64Array; mb: Float64Array; vb: Float64Array }[], n: number, step: number, options: FitOptions): void {
  const beta1 = 0.9;
  const beta2 = 0.999;
  const lr = (options.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
  const update = (params: Float64Array, grad: Float64Array, m1: Float64Array, m2: Float64Array, decay: number): void => {
    for (let i = 0; i < params.length; i++) {
      const gi = (grad[i] as number) / n + decay * (params[i] as number);
      const a = beta1 * (m1[i] as number) + (1 - beta1) * gi;
      const b = beta2 * (m2[i] as number) + (1 - beta2) * gi * gi;
      m1[i] = a;
      m2[i] = b;
      params[i] = (params[i] as number) - (lr * a) / (Math.sqrt(b) + 1e-8);
    }
  };
  layers.forEach((layer, l) => {
    const g = grads[l] as { w: Float64Array; b: Float64Array };
    const m = moments[l] as { mw: Float64Array; vw: Float64Array; mb: Float64Array; vb: Float64Array };
    update(layer.weights, g.w, m.mw, m.vw, options.l2);
    update(layer.bias, g.b, m.mb, m.vb, 0);
  });
}
