import { describe, expect, it } from 'vitest';
import { HttpResponse } from '../target-file.ts';
import { answerReader } from './answers.ts';

const binary = { classes: 2, classNames: undefined };
const reader = () => answerReader(HttpResponse.parse({ answers: '' }), true, binary);
const scoresOf = async (r: ReturnType<typeof reader>, body: unknown, n: number) => (await r.read(body, n, 200)).predictions.map((p) => (p.scores ? Array.from(p.scores) : p.label));

describe('a binary classifier serving P(class 1) alone', () => {
  it('a saturated probability (exactly 1 or 0) among probabilities is a probability, not a label', async () => {
    expect(await scoresOf(reader(), { predictions: [[0.75], [1], [0]] }, 3)).toEqual([[0.25, 0.75], [0, 1], [1, 0]]);
  });

  it('stays so for later calls of the same target, even one whose answers all saturated', async () => {
    const r = reader();
    await r.read({ predictions: [[0.75], [0.5]] }, 2, 200);
    expect(await scoresOf(r, { predictions: [[1], [0]] }, 2)).toEqual([[0, 1], [1, 0]]);
  });

  it('0/1 answers from an API never seen serving a probability are labels', async () => {
    expect(await scoresOf(reader(), { predictions: [1, 0] }, 2)).toEqual([1, 0]);
  });
});
