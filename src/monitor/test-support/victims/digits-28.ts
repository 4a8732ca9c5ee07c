import { loadDigits, stratifiedSplit, type Dataset } from '../../../ml/dataset.ts';
import { createRng, type Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';
import { trainVictim } from '../../../ml/victims.ts';
import { transferSet } from '../third-party/transfer-set.ts';
import type { TrafficVictim } from './victim.ts';

export const SIDE_28 = 28;
/** MNIST's layout: the digit fills a 20×20 box centred in the 28×28 frame, the background is exactly 0. */
const BOX = 20;

/**
 * An MNIST-size victim made offline: each bundled 8×8 digit drawn at 20×20 by bilinear interpolation, placed in a
 * 28×28 frame shifted by up to a pixel each way (MNIST centres its digits; shifted by ±2, softmax regression reached
 * only 79%), its ink at 80–100% and a little noise on the strokes (σ 0.02, clipped to [0, 1]; the background stays
 * 0, as MNIST's). Softmax regression on 784 features, trained here (90% on the test split, ~2 s of CPU). Logged as
 * KServe v2 tensors, one batch a line.
 */
export async function digits28Victim(epochs = 30): Promise<TrafficVictim> {
  const digits = await loadDigits();
  const rng = createRng(28);
  const data: Dataset = { x: digits.x.map((x) => upsampled(x, rng)), y: [...digits.y] };
  const { train, test } = stratifiedSplit(data, 0.3, 1);
  const model = trainVictim('logistic-regression', train, { epochs, seed: 1 });
  return {
    name: 'digits-28',
    model,
    train,
    test,
    side: SIDE_28,
    transfer: (n, own, r) => transferSet(n, own, SIDE_28, r),
    wire: 'v2',
  };
}

/** An 8×8 image at 28×28 as described above. */
export function upsampled(x: Vector, rng: Rng): Float64Array {
  const out = new Float64Array(SIDE_28 * SIDE_28);
  const top = 4 + rng.int(3) - 1;
  const left = 4 + rng.int(3) - 1;
  const ink = 0.8 + 0.2 * rng.next();
  for (let r = 0; r < BOX; r++) {
    for (let c = 0; c < BOX; c++) {
      // Pixel centres mapped onto the 8×8 grid, clamped at its edges.
      const v = bilinear(x, ((r + 0.5) * 8) / BOX - 0.5, ((c + 0.5) * 8) / BOX - 0.5) * ink;
      out[(top + r) * SIDE_28 + left + c] = v > 0 ? Math.min(1, Math.max(0, v + 0.02 * rng.normal())) : 0;
    }
  }
  return out;
}

function bilinear(x: Vector, r: number, c: number): number {
  const at = (rr: number, cc: number): number => x[Math.min(7, Math.max(0, rr)) * 8 + Math.min(7, Math.max(0, cc))] as number;
  const r0 = Math.floor(r);
  const c0 = Math.floor(c);
  const fr = r - r0;
  const fc = c - c0;
  return (1 - fr) * ((1 - fc) * at(r0, c0) + fc * at(r0, c0 + 1)) + fr * ((1 - fc) * at(r0 + 1, c0) + fc * at(r0 + 1, c0 + 1));
}
