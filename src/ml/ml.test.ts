import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { parseLabelledCsv, stratifiedSplit } from './dataset.ts';
import { bestBalancedAccuracy, rocAuc, rocPoints, tprAtFpr } from './metrics.ts';
import { accuracy, createNetwork, logitsBatch, predictProba, softmaxInPlace, train } from './network.ts';
import { networkToOnnx, ONNX_INPUT, ONNX_OUTPUT } from './onnx/write-network.ts';
import { createRng } from './rng.ts';
import { median } from './vector.ts';
import { fit } from './fit.ts';

describe('metrics', () => {
  it.each([
    [[0.9, 0.8, 0.2, 0.1], [true, true, false, false], 1],
    [[0.1, 0.2, 0.8, 0.9], [true, true, false, false], 0],
    [[0.5, 0.5, 0.5, 0.5], [true, false, true, false], 0.5],
    [[0.9, 0.3, 0.6, 0.1], [true, true, false, false], 0.75],
  ])('AUC of %j', (scores, members, auc) => expect(rocAuc(scores, members)).toBeCloseTo(auc));

  it('TPR at a low FPR counts only thresholds under it', () => {
    const scores = [10, 9, 8, 7, 1, 2, 3, 11];
    const members = [true, true, true, true, false, false, false, false];
    expect(tprAtFpr(scores, members, 0)).toBe(0);
    expect(tprAtFpr(scores, members, 0.25)).toBe(1);
  });

  it.each([
    [[0.9, 0.8, 0.2, 0.1], [true, true, false, false], 1],
    [[0.5, 0.5, 0.5, 0.5], [true, false, true, false], 0.5],
    [[0.9, 0.3, 0.6, 0.1], [true, true, false, false], 0.75],
  ])('best balanced accuracy of %j', (scores, members, expected) => expect(bestBalancedAccuracy(scores, members)).toBeCloseTo(expected));

  it('has no ROC without both classes', () => {
    expect(rocPoints([0.1, 0.2], [true, true])).toEqual([]);
    expect(bestBalancedAccuracy([0.1], [false])).toBeNaN();
  });

  it('median of even and odd lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('training', () => {
  const rng = createRng(3);
  // Two Gaussian blobs per class in 4 dimensions: separable enough for both models.
  const x = Array.from({ length: 300 }, (_, i) => Float64Array.from({ length: 4 }, (_, k) => (i % 3 === k ? 1.5 : 0) + 0.4 * rng.normal()));
  const y = x.map((_, i) => i % 3);

  it.each([[[4, 3]], [[4, 16, 3]]])('a network of sizes %j learns a separable problem', (sizes) => {
    const net = train(createNetwork(sizes, 1), x, y, { epochs: 30, learningRate: 0.01, batchSize: 32, l2: 1e-4, seed: 1 });
    expect(accuracy(net, x, y)).toBeGreaterThan(0.9);
  });

  // fit (batched, blocked four rows at a time) against train (one sample at a time): one full-batch Adam
  // step from the same start must land on the same weights, for 30 rows (seven blocks of four and a rest of
  // two) and for a hidden layer below another (the delta through weights and ReLU).
  it.each([[[4, 3]], [[4, 16, 3]], [[4, 8, 6, 3]]])('fit takes the same step as the per-sample trainer, sizes %j', (sizes) => {
    const rows = x.slice(0, 30);
    const labels = y.slice(0, 30);
    const options = { epochs: 1, learningRate: 0.05, batchSize: 30, l2: 1e-3, seed: 1 };
    const batched = createNetwork(sizes, 5);
    const reference = createNetwork(sizes, 5);
    fit(batched, rows, labels, options);
    train(reference, rows, labels, options);
    batched.layers.forEach((layer, l) => {
      const other = reference.layers[l];
      layer.weights.forEach((w, i) => expect(w).toBeCloseTo(other?.weights[i] as number, 10));
      layer.bias.forEach((b, i) => expect(b).toBeCloseTo(other?.bias[i] as number, 10));
    });
    expect(batched.layers[0]?.weights).not.toEqual(createNetwork(sizes, 5).layers[0]?.weights);
  });

  it('splits stratified and reproducibly', () => {
    const data = parseLabelledCsv(Array.from({ length: 100 }, (_, i) => `${i},${i % 2}`).join('\n'));
    const a = stratifiedSplit(data, 0.3, 7);
    const b = stratifiedSplit(data, 0.3, 7);
    expect(a.test.y.filter((l) => l === 1)).toHaveLength(15);
    expect(a.test.x.map((v) => v[0])).toEqual(b.test.x.map((v) => v[0]));
  });
});

describe('fast paths', () => {
  it('the ziggurat fills standard normals: mean, variance, tails, reproducible', () => {
    const a = new Float64Array(200_000);
    createRng(4).fillNormal(a);
    let m = 0;
    let v = 0;
    let tail = 0;
    for (const x of a) {
      m += x;
      v += x * x;
      if (Math.abs(x) > 2) tail++;
    }
    expect(Math.abs(m / a.length)).toBeLessThan(0.01);
    expect(v / a.length).toBeCloseTo(1, 1);
    expect(tail / a.length).toBeCloseTo(0.0455, 2);
    const b = new Float64Array(10);
    createRng(4).fillNormal(b, 2, 10);
    expect(b[0]).toBe(0);
    expect(Array.from(b.subarray(2))).toEqual(Array.from(a.subarray(0, 8)));
  });

  it.each([[[8, 3]], [[8, 6, 5, 3]], [[7, 9, 4]]])('the batched forward pass of a %j network equals the per-input one', (sizes) => {
    const net = createNetwork(sizes, 2);
    const rng = createRng(5);
    const xs = Array.from({ length: 11 }, () => Float64Array.from({ length: sizes[0] as number }, () => rng.next()));
    const classes = sizes[sizes.length - 1] as number;
    const logits = logitsBatch(net, xs);
    xs.forEach((x, r) => {
      const p = logits.slice(r * classes, (r + 1) * classes);
      softmaxInPlace(p);
      predictProba(net, x).forEach((q, k) => expect(p[k]).toBeCloseTo(q, 12));
    });
  });
});

describe('ONNX writer', () => {
  it.each([[[8, 3]], [[8, 6, 5, 3]]])('onnxruntime runs a %j network and agrees with our forward pass', async (sizes) => {
    const net = createNetwork(sizes, 5);
    const session = await ort.InferenceSession.create(networkToOnnx(net));
    const rng = createRng(9);
    const xs = Array.from({ length: 5 }, () => Float64Array.from({ length: 8 }, () => rng.next()));
    const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', Float32Array.from(xs.flatMap((v) => Array.from(v))), [5, 8]) });
    const got = out[ONNX_OUTPUT]?.data as Float32Array;
    xs.forEach((x, i) => predictProba(net, x).forEach((p, k) => expect(got[i * 3 + k]).toBeCloseTo(p, 5)));
    await session.release();
  });
});
