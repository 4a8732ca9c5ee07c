import type { Matrix, Scaling } from './matrix.ts';
import { createRng } from './rng.ts';

/** A multinomial logistic regression on scaled features: `classes × cols` weights, row-major. */
export interface LogisticModel {
  classes: number;
  cols: number;
  weights: Float64Array;
  bias: Float64Array;
  scaling: Scaling;
}

export interface LogisticOptions {
  classes: number;
  /** Passes over the training rows. */
  epochs: number;
  /** L2 penalty per sample; 1/n matches scikit-learn's default C = 1 on the summed loss. */
  l2: number;
  learningRate?: number;
  batchSize?: number;
  seed: number;
}

/**
 * Mini-batch Adam on softmax cross-entropy over the rows `train` of `m`, scaling each row on the fly.
 * Written for the packed float32 matrix of a dataset scan (no per-row arrays), so it runs on a million rows.
 */
export function trainLogistic(m: Matrix, y: Int32Array, train: Int32Array, scaling: Scaling, options: LogisticOptions): LogisticModel {
  const { cols } = m;
  const k = options.classes;
  const model: LogisticModel = { classes: k, cols, weights: new Float64Array(k * cols), bias: new Float64Array(k), scaling };
  const gw = new Float64Array(k * cols);
  const gb = new Float64Array(k);
  const mw = new Float64Array(k * cols);
  const vw = new Float64Array(k * cols);
  const mb = new Float64Array(k);
  const vb = new Float64Array(k);
  const x = new Float64Array(cols);
  const p = new Float64Array(k);
  const rng = createRng(options.seed);
  const order = Int32Array.from(train);
  const batch = options.batchSize ?? 64;
  const lr0 = options.learningRate ?? 0.01;
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    for (let start = 0; start < order.length; start += batch) {
      const end = Math.min(order.length, start + batch);
      gw.fill(0);
      gb.fill(0);
      for (let s = start; s < end; s++) {
        const r = order[s] as number;
        scaleRow(m, r, scaling, x);
        probabilities(model, x, p);
        p[y[r] as number] = (p[y[r] as number] as number) - 1;
        for (let c = 0; c < k; c++) {
          const d = p[c] as number;
          gb[c] = (gb[c] as number) + d;
          const o = c * cols;
          for (let f = 0; f < cols; f++) gw[o + f] = (gw[o + f] as number) + d * (x[f] as number);
        }
      }
      step++;
      const n = end - start;
      const lr = (lr0 * Math.sqrt(1 - 0.999 ** step)) / (1 - 0.9 ** step);
      adam(model.weights, gw, mw, vw, n, options.l2, lr);
      adam(model.bias, gb, mb, vb, n, 0, lr);
    }
  }
  return model;
}

function adam(params: Float64Array, grad: Float64Array, m1: Float64Array, m2: Float64Array, n: number, l2: number, lr: number): void {
  for (let i = 0; i < params.length; i++) {
    const g = (grad[i] as number) / n + l2 * (params[i] as number);
    m1[i] = 0.9 * (m1[i] as number) + 0.1 * g;
    m2[i] = 0.999 * (m2[i] as number) + 0.001 * g * g;
    params[i] = (params[i] as number) - (lr * (m1[i] as number)) / (Math.sqrt(m2[i] as number) + 1e-8);
  }
}

export function scaleRow(m: Matrix, r: number, scaling: Scaling, out: Float64Array): void {
  const o = r * m.cols;
  for (let f = 0; f < m.cols; f++) out[f] = ((m.data[o + f] as number) - (scaling.mean[f] as number)) * (scaling.inv[f] as number);
}

/** Softmax probabilities of one scaled row into `out`. */
export function probabilities(model: LogisticModel, x: Float64Array, out: Float64Array): void {
  const { classes, cols, weights, bias } = model;
  let max = -Infinity;
  for (let c = 0; c < classes; c++) {
    let s = bias[c] as number;
    const o = c * cols;
    for (let f = 0; f < cols; f++) s += (weights[o + f] as number) * (x[f] as number);
    out[c] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    const e = Math.exp((out[c] as number) - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < classes; c++) out[c] = (out[c] as number) / sum;
}

/** Probabilities of rows `rows` of `m`, written into `out` at `row × classes`. */
export function predictLogistic(model: LogisticModel, m: Matrix, rows: Int32Array, out: Float64Array): void {
  const x = new Float64Array(m.cols);
  const p = new Float64Array(model.classes);
  for (const r of rows) {
    scaleRow(m, r, model.scaling, x);
    probabilities(model, x, p);
    out.set(p, r * model.classes);
  }
}
