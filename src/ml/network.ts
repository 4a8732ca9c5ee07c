import { createRng, shuffled } from './rng.ts';
import type { Vector } from './vector.ts';

/**
 * A dense feed-forward classifier: ReLU hidden layers, a softmax output. Logistic regression is the case
 * with no hidden layer. Weights are row-major `out × in`, the layout ONNX Gemm reads with transB = 1.
 */
export interface DenseLayer {
  inputs: number;
  outputs: number;
  weights: Float64Array;
  bias: Float64Array;
}

export interface Network {
  layers: DenseLayer[];
}

export function createNetwork(sizes: readonly number[], seed: number): Network {
  const rng = createRng(seed);
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l] as number;
    const outputs = sizes[l + 1] as number;
    // Glorot-uniform initialisation, as common MLP trainers do, so training starts in a sane regime.
    const limit = Math.sqrt(6 / (inputs + outputs));
    const weights = Float64Array.from({ length: inputs * outputs }, () => (rng.next() * 2 - 1) * limit);
    layers.push({ inputs, outputs, weights, bias: new Float64Array(outputs) });
  }
  return { layers };
}

/** Forward pass of one input; returns every layer's activation (the last is the class probabilities). */
export function forwardAll(net: Network, x: Vector): Float64Array[] {
  const acts: Float64Array[] = [x];
  let current = x;
  net.layers.forEach((layer, l) => {
    const out = new Float64Array(layer.outputs);
    const { weights, bias, inputs } = layer;
    for (let o = 0; o < layer.outputs; o++) {
      let s = bias[o] as number;
      const row = o * inputs;
      for (let i = 0; i < inputs; i++) s += (weights[row + i] as number) * (current[i] as number);
      out[o] = s;
    }
    if (l < net.layers.length - 1) for (let o = 0; o < out.length; o++) out[o] = Math.max(0, out[o] as number);
    else softmaxInPlace(out);
    acts.push(out);
    current = out;
  });
  return acts;
}

/** Class probabilities of one input; the hot path of local targets, so no intermediate arrays are kept. */
export function predictProba(net: Network, x: Vector): Float64Array {
  let current: Float64Array = x;
  const last = net.layers.length - 1;
  for (let l = 0; l <= last; l++) {
    const { weights, bias, inputs, outputs } = net.layers[l] as DenseLayer;
    const out = new Float64Array(outputs);
    for (let o = 0; o < outputs; o++) {
      const row = o * inputs;
      // Four partial sums let the CPU overlap the multiply-adds.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let i = 0;
      for (; i + 3 < inputs; i += 4) {
        s0 += (weights[row + i] as number) * (current[i] as number);
        s1 += (weights[row + i + 1] as number) * (current[i + 1] as number);
        s2 += (weights[row + i + 2] as number) * (current[i + 2] as number);
        s3 += (weights[row + i + 3] as number) * (current[i + 3] as number);
      }
      for (; i < inputs; i++) s0 += (weights[row + i] as number) * (current[i] as number);
      const s = (bias[o] as number) + s0 + s1 + s2 + s3;
      out[o] = l < last && s < 0 ? 0 : s;
    }
    if (l === last) softmaxInPlace(out);
    current = out;
  }
  return current;
}

/**
 * One layer for a whole batch: `out[r] = act(W·in[r] + b)`, rows packed one after another. Blocked 4 rows ×
 * 2 outputs so each weight and input value loaded serves several multiply-adds (about 3× a plain loop).
 */
export function denseBatch(layer: DenseLayer, input: Float64Array, rows: number, out: Float64Array, relu: boolean): void {
  const { weights: w, bias, inputs: n, outputs: m } = layer;
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const x0 = r * n;
    const x1 = x0 + n;
    const x2 = x1 + n;
    const x3 = x2 + n;
    const h = r * m;
    let o = 0;
    for (; o + 1 < m; o += 2) {
      const w0 = o * n;
      const w1 = w0 + n;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let i = 0; i < n; i++) {
        const u = w[w0 + i] as number;
        const v = w[w1 + i] as number;
        const p0 = input[x0 + i] as number;
        const p1 = input[x1 + i] as number;
        const p2 = input[x2 + i] as number;
        const p3 = input[x3 + i] as number;
        a0 += p0 * u;
        a1 += p1 * u;
        a2 += p2 * u;
        a3 += p3 * u;
        c0 += p0 * v;
        c1 += p1 * v;
        c2 += p2 * v;
        c3 += p3 * v;
      }
      const b0 = bias[o] as number;
      const b1 = bias[o + 1] as number;
      out[h + o] = a0 + b0;
      out[h + m + o] = a1 + b0;
      out[h + 2 * m + o] = a2 + b0;
      out[h + 3 * m + o] = a3 + b0;
      out[h + o + 1] = c0 + b1;
      out[h + m + o + 1] = c1 + b1;
      out[h + 2 * m + o + 1] = c2 + b1;
      out[h + 3 * m + o + 1] = c3 + b1;
    }
    for (; o < m; o++) {
      const w0 = o * n;
      for (let q = 0; q < 4; q++) {
        let s = bias[o] as number;
        const xq = x0 + q * n;
        for (let i = 0; i < n; i++) s += (w[w0 + i] as number) * (input[xq + i] as number);
        out[h + q * m + o] = s;
      }
    }
  }
  for (; r < rows; r++) {
    const x0 = r * n;
    for (let o = 0; o < m; o++) {
      let s = bias[o] as number;
      const w0 = o * n;
      for (let i = 0; i < n; i++) s += (w[w0 + i] as number) * (input[x0 + i] as number);
      out[r * m + o] = s;
    }
  }
  if (relu) for (let j = 0; j < rows * m; j++) if ((out[j] as number) < 0) out[j] = 0;
}

/**
 * Forward pass of a batch, one matrix product per layer: the last layer's raw scores (logits), packed
 * `rows × classes`. Softmax is left to the caller (labels need only the argmax).
 */
export function logitsBatch(net: Network, inputs: readonly Vector[]): Float64Array {
  const rows = inputs.length;
  const width = net.layers[0]?.inputs ?? 0;
  let current = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) current.set(inputs[r] as Vector, r * width);
  const last = net.layers.length - 1;
  net.layers.forEach((layer, l) => {
    const out = new Float64Array(rows * layer.outputs);
    denseBatch(layer, current, rows, out, l < last);
    current = out;
  });
  return current;
}

export function softmaxInPlace(v: Float64Array): void {
  let max = -Infinity;
  for (const value of v) max = Math.max(max, value);
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = Math.exp((v[i] as number) - max);
    sum += v[i] as number;
  }
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / sum;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  batchSize: number;
  /** L2 penalty on weights, per sample (sklearn's `alpha` divided by n behaves alike). */
  l2: number;
  seed: number;
}

/**
 * Mini-batch Adam on cross-entropy. `targets` are class indices or probability vectors (soft labels let a
 * surrogate learn from a victim's scores).
 */
export function train(net: Network, x: readonly Vector[], targets: readonly (number | Float64Array)[], options: TrainOptions): Network {
  const rng = createRng(options.seed);
  const moments = net.layers.map((layer) => ({
    mw: new Float64Array(layer.weights.length),
    vw: new Float64Array(layer.weights.length),
    mb: new Float64Array(layer.bias.length),
    vb: new Float64Array(layer.bias.length),
  }));
  const grads = net.layers.map((layer) => ({ w: new Float64Array(layer.weights.length), b: new Float64Array(layer.bias.length) }));
  const order = x.map((_, i) => i);
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const perm = shuffled(order, rng);
    for (let start = 0; start < perm.length; start += options.batchSize) {
      const batch = perm.slice(start, start + options.batchSize);
      for (const g of grads) {
        g.w.fill(0);
        g.b.fill(0);
      }
      for (const i of batch) accumulate(net, x[i] as Vector, targets[i] as number | Float64Array, grads);
      step++;
      adamStep(net, grads, moments, batch.length, step, options);
    }
  }
  return net;
}

function accumulate(net: Network, x: Vector, target: number | Float64Array, grads: { w: Float64Array; b: Float64Array }[]): void {
  const acts = forwardAll(net, x);
  const out = acts[acts.length - 1] as Float64Array;
  // Softmax + cross-entropy: the output delta is p − t.
  let delta = Float64Array.from(out, (p, k) => p - (typeof target === 'number' ? (k === target ? 1 : 0) : (target[k] as number)));
  for (let l = net.layers.length - 1; l >= 0; l--) {
    const layer = net.layers[l] as DenseLayer;
    const input = acts[l] as Float64Array;
    const g = grads[l] as { w: Float64Array; b: Float64Array };
    const next = l > 0 ? new Float64Array(layer.inputs) : undefined;
    for (let o = 0; o < layer.outputs; o++) {
      const d = delta[o] as number;
      if (d === 0) continue;
      g.b[o] = (g.b[o] as number) + d;
      const row = o * layer.inputs;
      for (let i = 0; i < layer.inputs; i++) {
        g.w[row + i] = (g.w[row + i] as number) + d * (input[i] as number);
        if (next) next[i] = (next[i] as number) + d * (layer.weights[row + i] as number);
      }
    }
    if (next) {
      for (let i = 0; i < next.length; i++) if ((input[i] as number) <= 0) next[i] = 0; // ReLU derivative
      delta = next;
    }
  }
}

function adamStep(
  net: Network,
  grads: { w: Float64Array; b: Float64Array }[],
  moments: { mw: Float64Array; vw: Float64Array; mb: Float64Array; vb: Float64Array }[],
  batchSize: number,
  step: number,
  options: TrainOptions,
): void {
  const beta1 = 0.9;
  const beta2 = 0.999;
  const lr = (options.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
  net.layers.forEach((layer, l) => {
    const g = grads[l] as { w: Float64Array; b: Float64Array };
    const m = moments[l] as { mw: Float64Array; vw: Float64Array; mb: Float64Array; vb: Float64Array };
    const update = (params: Float64Array, grad: Float64Array, m1: Float64Array, m2: Float64Array, decay: number): void => {
      for (let i = 0; i < params.length; i++) {
        const gi = (grad[i] as number) / batchSize + decay * (params[i] as number);
        m1[i] = beta1 * (m1[i] as number) + (1 - beta1) * gi;
        m2[i] = beta2 * (m2[i] as number) + (1 - beta2) * gi * gi;
        params[i] = (params[i] as number) - (lr * (m1[i] as number)) / (Math.sqrt(m2[i] as number) + 1e-8);
      }
    };
    update(layer.weights, g.w, m.mw, m.vw, options.l2);
    update(layer.bias, g.b, m.mb, m.vb, 0);
  });
}

export function accuracy(net: Network, x: readonly Vector[], y: readonly number[]): number {
  let correct = 0;
  x.forEach((xi, i) => {
    const p = predictProba(net, xi);
    let best = 0;
    for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[best] as number)) best = k;
    if (best === y[i]) correct++;
  });
  return x.length === 0 ? 0 : correct / x.length;
}
