import { describe, expect, it } from 'vitest';
import { measureServed, servedDecimals, textDecimals } from './served-output.ts';

describe('decimals actually served', () => {
  it.each([
    [0.9700000286102295, 2, 'a float32 of 0.97 written as a double'],
    [0.97, 2, 'float64 rounded to 2'],
    [0.5, 1, 'exact in both'],
    [Math.fround(0.123456789), 8, 'a full-precision float32'],
    [0.123456789012345, 15, 'a full-precision float64'],
    [1e-7, 7, 'exponent notation'],
    [Math.fround(0.001), 3, 'a small float32'],
    [3, 0, 'an integer'],
  ])('%d → %d (%s)', (value, decimals) => {
    expect(servedDecimals(value)).toBe(decimals);
  });

  it.each([
    ['0.970', 3],
    ['1.5e-3', 4],
    ['12', 0],
    ['2E+1', 0],
  ])('text %s → %d', (text, decimals) => expect(textDecimals(text)).toBe(decimals));
});

const probs = [0.8123456789, 0.1123456789, 0.0753086422];
const f32 = (v: number): number => Math.fround(Math.round(v * 100) / 100);
const raw = (body: unknown, fields: string[] | undefined = ['predictions']) => [{ body, inputs: 2, fields }];

describe('what the API returns, whatever the file reads', () => {
  it.each([
    ['parallel arrays, full float64', { predictions: [0, 0], probabilities: [probs, probs] }, 3, { output: 'full-scores', precision: 'float64' }, ['probabilities']],
    ['parallel arrays, float32 rounded to 2', { predictions: [0, 0], probabilities: [probs.map(f32), probs.map(f32)] }, 3, { output: 'rounded-scores', decimals: 2, precision: 'float32' }, ['probabilities']],
    ['one answer rounded to 3 decimals, one not', { predictions: [probs.map((v) => Math.round(v * 1000) / 1000), probs] }, 3, { output: 'full-scores' }, []],
    ['top-3 maps of 10 classes', { predictions: [{ '3': 0.5, '1': 0.25, '7': 0.125 }, { '2': 0.5, '1': 0.25, '9': 0.125 }] }, 10, { output: 'top-k', topK: 3 }, []],
    ['top-3 maps, classes unknown: keys change', { predictions: [{ '3': 0.5, '1': 0.25, '7': 0.125 }, { '2': 0.5, '1': 0.25, '9': 0.125 }] }, undefined, { output: 'top-k', topK: 3 }, []],
    ['labels and a call timing', { predictions: [3, 1], took_ms: 1.25 }, 10, { output: 'labels-only' }, []],
    ['label and top-1 confidence', { predictions: [{ label: 3, confidence: 0.97 }, { label: 1, confidence: 0.61 }] }, 10, { output: 'top-k', topK: 1 }, []],
    // Two classes: one probability per answer is the whole distribution (the other is 1 − p), not a top-1.
    ['a sigmoid head: P(class 1) alone, full precision', { predictions: [[0.8123456789], [0.1123456789]] }, 2, { output: 'full-scores', precision: 'float64' }, []],
    ['a binary label with its top-1 confidence, rounded to 4', { result: [{ label: 'fraud', confidence: 0.9312 }, { label: 'legit', confidence: 0.6105 }] }, 2, { output: 'rounded-scores', decimals: 4 }, ['result.confidence']],
    ['top-2 of 3 classes: the third is 1 − their sum', { predictions: [{ '0': 0.8123456789, '1': 0.1123456789 }, { '2': 0.5123456789, '1': 0.25 }] }, 3, { output: 'full-scores' }, []],
    ['Triton classification strings', { outputs: [{ name: 'top', datatype: 'BYTES', shape: [2, 2], data: ['0.91:3:three', '0.05:1:one', '0.7:2:two', '0.2:1:one'] }] }, 10, { output: 'top-k', topK: 2 }, ['outputs.top.data']],
    ['KServe tensors by name', { outputs: [{ name: 'label', shape: [2], data: [3, 1] }, { name: 'probs', shape: [2, 3], data: [...probs, ...probs] }] }, 3, { output: 'full-scores' }, ['outputs.probs.data']],
  ] as const)('%s', (_what, body, classes, expected, unread) => {
    const served = measureServed(raw(body), classes);
    expect(served).toMatchObject(expected);
    expect(served.fields.filter((f) => f.scores && f.read === false).map((f) => f.field)).toEqual(unread);
  });

  it('a JSONata reading leaves which fields were read unknown', () => {
    const served = measureServed([{ body: { p: [probs, probs] }, inputs: 2, fields: undefined }], 3);
    expect(served.fields.map((f) => f.read)).toEqual([null]);
  });
});
