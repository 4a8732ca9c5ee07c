import type { Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';
import { feature, type ImageShape } from './image.ts';
import type { ToolSession } from './session.ts';

/** The Parsimonious attack's settings (Moon, An and Song, ICML 2019; ε as on ImageNet): L∞, blocks halved from `blockSize` to one pixel. */
export const PARSIMONIOUS_DEFAULTS = { eps: 0.05, blockSize: 4, batchSize: 64, maxQueries: 10_000 };

/**
 * How the Parsimonious attack queries (score-based, one image at a time): every query is a vertex of the L∞ ball,
 * x + ε·s with s ∈ {−1, +1} per block of pixels (clipped). It starts at x − ε and runs an accelerated lazy greedy
 * search over the blocks: the gain of flipping each block of the set to flip (+ε for insertion, −ε for deletion)
 * is measured in batches of `batchSize`, then the best are re-measured and kept while they still gain, insertion
 * and deletion in turn; the blocks are then split in four, until single pixels or the image is misclassified.
 * On a colour image a block is one channel's square (the authors' `_split_block` lists each block position once
 * per channel, `[upper_left, lower_right, c]`), so the grid is channels × block rows × block columns.
 * A held-out check for `monitor/evasion-search`'s L∞ steps, written before they were tuned: not ART's, and not the
 * SquareAttack they were made for.
 */
export function parsimonious(session: ToolSession, inputs: readonly Vector[], image: ImageShape, rng: Rng, options: Partial<typeof PARSIMONIOUS_DEFAULTS> = {}): void {
  const o = { ...PARSIMONIOUS_DEFAULTS, ...options };
  const ys = session.labels(inputs);
  inputs.forEach((x, k) => {
    if (session.exhausted) return;
    const start = session.queries;
    const y = ys[k] as number;
    const signs = new Int8Array(x.length).fill(-1);
    let loss = margin(session.predict([vertex(x, signs, o.eps)])[0], y);
    const spent = (): boolean => session.exhausted || loss < 0 || session.queries - start >= o.maxQueries;
    for (let block = o.blockSize; block >= 1 && !spent(); block = Math.floor(block / 2)) {
      const blocks = blocksOf(image, block);
      for (const sign of [1, -1, 1, -1] as const) {
        if (spent()) break;
        // The blocks that flipping to `sign` changes, in a random order (ties), measured in batches.
        const candidates = blocks.filter((b) => b.some((i) => signs[i] !== sign));
        for (let i = candidates.length - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [candidates[i], candidates[j]] = [candidates[j] as number[], candidates[i] as number[]];
        }
        const gains: number[] = [];
        for (let from = 0; from < candidates.length && !spent(); from += o.batchSize) {
          const batch = candidates.slice(from, from + o.batchSize);
          const answers = session.predict(batch.map((b) => vertex(x, flipped(signs, b, sign), o.eps)));
          answers.forEach((p) => gains.push(loss - margin(p, y)));
        }
        // Lazy greedy: the best stale gain is measured again from the current vertex and kept while it still gains.
        const order = gains.map((g, i) => [g, i] as const).filter(([g]) => g > 0).sort((a, b) => b[0] - a[0]);
        for (const [, i] of order) {
          if (spent()) break;
          const trial = flipped(signs, candidates[i] as number[], sign);
          const now = margin(session.predict([vertex(x, trial, o.eps)])[0], y);
          if (now < loss) {
            signs.set(trial);
            loss = now;
          }
        }
      }
    }
  });
}

/**
 * The features of each block × block square of each channel of a side × side image (the last row and column of
 * blocks may be smaller), listed position by position and, at each, channel by channel as the authors' code does.
 */
function blocksOf(image: ImageShape, block: number): number[][] {
  const { side, channels } = image;
  const out: number[][] = [];
  for (let r0 = 0; r0 < side; r0 += block) {
    for (let c0 = 0; c0 < side; c0 += block) {
      for (let ch = 0; ch < channels; ch++) {
        const pixels: number[] = [];
        for (let r = r0; r < Math.min(side, r0 + block); r++) for (let c = c0; c < Math.min(side, c0 + block); c++) pixels.push(feature(image, ch, r, c));
        out.push(pixels);
      }
    }
  }
  return out;
}

function flipped(signs: Int8Array, pixels: readonly number[], sign: 1 | -1): Int8Array {
  const out = Int8Array.from(signs);
  for (const i of pixels) out[i] = sign;
  return out;
}

/** x + ε·s, clipped to the pixel range (the session clips as ART's `clip_values` does). */
function vertex(x: Vector, signs: Int8Array, eps: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) + eps * (signs[i] as number);
  return out;
}

/** The true class's probability minus the best other's: the attack drives it below 0. */
function margin(p: Float64Array | undefined, y: number): number {
  if (!p) return Infinity;
  let other = -Infinity;
  for (let c = 0; c < p.length; c++) if (c !== y && (p[c] as number) > other) other = p[c] as number;
  return (p[y] as number) - other;
}
