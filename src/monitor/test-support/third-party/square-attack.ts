import type { Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';
import { feature, type ImageShape } from './image.ts';
import type { ToolSession } from './session.ts';

/** ART's SquareAttack defaults (Andriushchenko et al. 2020; `art.attacks.evasion.SquareAttack`): L∞. */
export const SQUARE_DEFAULTS = { maxIter: 100, eps: 0.3, pInit: 0.8, batchSize: 128 };

/**
 * How ART's SquareAttack queries (score-based): the images still classified correctly go together, one query
 * each per iteration, in one batch. It starts from vertical stripes of ±ε and then redraws a random square
 * window at ±ε of the original, the window's share of the image shrinking on ART's schedule (p_init halved at
 * 10, 50, 200, 500… of 10,000 rescaled iterations); a change is kept when the margin loss falls.
 * On a colour image, as ART's channels-first L∞ branch does: each stripe's sign is drawn per channel and column
 * (`size=(n, channels, 1, width)`), each window's sign per channel (`size=[channels, 1, 1]`: ±2ε added, then
 * projected onto the ε-ball, which is the original ± ε), and the window's side from height × width alone.
 * Simplified: each image draws its own window (ART draws one position per iteration for the whole batch).
 */
export function artSquareAttack(session: ToolSession, inputs: readonly Vector[], image: ImageShape, rng: Rng, options: Partial<typeof SQUARE_DEFAULTS> = {}): void {
  const o = { ...SQUARE_DEFAULTS, ...options };
  const { side, channels } = image;
  const ys = session.labels(inputs);
  const stripes = inputs.map((x) => {
    const out = new Float64Array(x.length);
    for (let ch = 0; ch < channels; ch++) {
      for (let c = 0; c < side; c++) {
        const s = rng.next() < 0.5 ? -o.eps : o.eps;
        for (let r = 0; r < side; r++) {
          const i = feature(image, ch, r, c);
          out[i] = (x[i] as number) + s;
        }
      }
    }
    return clip01(out);
  });
  let current = stripes;
  let loss = margins(session.predict(current), ys);
  for (let i = 0; i < o.maxIter && !session.exhausted; i++) {
    const active = current.map((_, k) => k).filter((k) => (loss[k] as number) > 0);
    if (active.length === 0) return;
    const p = percentage(o.pInit, Math.floor((i / o.maxIter) * 10_000));
    const width = Math.max(1, Math.min(side, Math.round(Math.sqrt(p * side * side))));
    const proposals = active.map((k) => {
      const x = inputs[k] as Vector;
      const next = Float64Array.from(current[k] as Vector);
      const r0 = rng.int(side - width + 1);
      const c0 = rng.int(side - width + 1);
      for (let ch = 0; ch < channels; ch++) {
        const s = rng.next() < 0.5 ? -o.eps : o.eps;
        for (let r = r0; r < r0 + width; r++) {
          for (let c = c0; c < c0 + width; c++) {
            const at = feature(image, ch, r, c);
            next[at] = (x[at] as number) + s;
          }
        }
      }
      return clip01(next);
    });
    const answers = session.predict(proposals);
    const newLoss = margins(answers, active.map((k) => ys[k] as number));
    active.forEach((k, j) => {
      if ((newLoss[j] as number) < (loss[k] as number)) {
        current[k] = proposals[j] as Vector;
        loss[k] = newLoss[j] as number;
      }
    });
    current = [...current];
    loss = [...loss];
  }
}

/** ART's schedule of the square's share of the image. */
function percentage(pInit: number, it: number): number {
  const cuts = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000];
  let p = pInit;
  for (const cut of cuts) if (it > cut) p /= 2;
  return p;
}

/** Margin loss: the true class's probability minus the best other's (positive while still correct). */
function margins(answers: readonly Float64Array[], ys: readonly number[]): number[] {
  return answers.map((p, k) => {
    const y = ys[k] as number;
    let other = -Infinity;
    p.forEach((v, c) => {
      if (c !== y && v > other) other = v;
    });
    return (p[y] as number) - other;
  });
}

function clip01(x: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(1, Math.max(0, x[i] as number));
  return x;
}
