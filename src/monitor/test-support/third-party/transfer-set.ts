import type { Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';

/**
 * The attacker's own natural images from a different distribution than the victim's (KnockoffNets and
 * Copycat query ImageNet photographs at an MNIST model): here 8×8 pen drawings — one to three anti-aliased
 * strokes, rings and blobs — and the attacker's own digits written differently (transposed, shifted by a
 * pixel). Each has a kind (0–3), the "classes" of KnockoffNets' adaptive sampler.
 */
export interface TransferImage {
  x: Vector;
  kind: number;
}

export function transferSet(n: number, digits: readonly Vector[], side: number, rng: Rng): TransferImage[] {
  return Array.from({ length: n }, () => {
    const kind = rng.int(4);
    if (kind === 0) return { x: strokes(side, 1 + rng.int(3), rng), kind };
    if (kind === 1) return { x: ring(side, rng), kind };
    const digit = digits[rng.int(digits.length)] as Vector;
    return { x: kind === 2 ? transposed(digit, side) : shifted(digit, side, rng), kind };
  });
}

function strokes(side: number, count: number, rng: Rng): Vector {
  const out = new Float64Array(side * side);
  for (let s = 0; s < count; s++) {
    const [r0, c0, r1, c1] = [rng.next(), rng.next(), rng.next(), rng.next()].map((v) => v * (side - 1)) as [number, number, number, number];
    const ink = 0.6 + 0.4 * rng.next();
    // A point every 0.4 pixel of an 8-pixel side's length (the 8×8 images' 21 points), as many more on larger images.
    const step = 0.05 * (8 / side);
    for (let t = 0; t <= 1; t += step) paint(out, side, r0 + (r1 - r0) * t, c0 + (c1 - c0) * t, ink);
  }
  return out;
}

function ring(side: number, rng: Rng): Vector {
  const out = new Float64Array(side * side);
  // Sizes in eighths of the side: on 8×8, a ring of radius 1–3 pixels 2 pixels from the edge, a point every 0.2 rad.
  const u = side / 8;
  const [r, c] = [2 * u + rng.next() * (side - 4 * u), 2 * u + rng.next() * (side - 4 * u)];
  const radius = (1 + rng.next() * 2) * u;
  for (let a = 0; a < 2 * Math.PI; a += 0.2 / u) paint(out, side, r + radius * Math.sin(a), c + radius * Math.cos(a), 0.8);
  return out;
}

/** Ink spread over the four pixels around a point, as a pen's anti-aliased trace. */
function paint(out: Float64Array, side: number, r: number, c: number, ink: number): void {
  const r0 = Math.floor(r);
  const c0 = Math.floor(c);
  for (const [dr, dc] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
    const rr = r0 + dr;
    const cc = c0 + dc;
    if (rr < 0 || cc < 0 || rr >= side || cc >= side) continue;
    const w = (1 - Math.abs(r - rr)) * (1 - Math.abs(c - cc));
    out[rr * side + cc] = Math.min(1, (out[rr * side + cc] as number) + ink * w);
  }
}

function transposed(x: Vector, side: number): Vector {
  const out = new Float64Array(x.length);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) out[c * side + r] = x[r * side + c] as number;
  return out;
}

function shifted(x: Vector, side: number, rng: Rng): Vector {
  // A pixel of an 8×8 image: as many of a larger one.
  const u = Math.round(side / 8);
  const [dr, dc] = [(rng.int(3) - 1) * u, (rng.int(3) - 1) * u];
  const out = new Float64Array(x.length);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const rr = r - dr;
      const cc = c - dc;
      if (rr >= 0 && cc >= 0 && rr < side && cc < side) out[r * side + c] = x[rr * side + cc] as number;
    }
  }
  return out;
}
