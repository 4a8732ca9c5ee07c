import type { Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';
import { asShape, feature, planeSize, type ImageShape } from './image.ts';

/**
 * The attacker's own natural images from a different distribution than the victim's (KnockoffNets and
 * Copycat query ImageNet photographs at an MNIST model): here 8×8 pen drawings — one to three anti-aliased
 * strokes, rings and blobs — and the attacker's own digits written differently (transposed, shifted by a
 * pixel). Each has a kind (0–3), the "classes" of KnockoffNets' adaptive sampler. On a colour image (as
 * ImageNet photographs at a CIFAR model) the drawings are in random colours over a random flat or gradient
 * ground, with filled blobs as a fifth kind (4), and the attacker's own images are transposed or shifted
 * channel by channel. A colour drawing is sent on the 8-bit grid (k/255), as a photograph's bytes resized and put
 * through `ToTensor` are: the victim's own images are on it too, so the grid does not tell them apart.
 */
export interface TransferImage {
  x: Vector;
  kind: number;
}

/** `n` images of another distribution, `own` being the attacker's own images; a bare side is a one-channel image. */
export function transferSet(n: number, own: readonly Vector[], image: number | ImageShape, rng: Rng): TransferImage[] {
  const shape = asShape(image);
  const colour = shape.channels > 1;
  return Array.from({ length: n }, () => {
    const kind = rng.int(colour ? 5 : 4);
    const canvas = (): Canvas => (colour ? colourCanvas(shape, rng) : greyCanvas(shape.side));
    const drawn = (x: Vector): Vector => (colour ? bytes(x) : x);
    if (kind === 0) return { x: drawn(strokes(canvas(), 1 + rng.int(3), rng)), kind };
    if (kind === 1) return { x: drawn(ring(canvas(), rng)), kind };
    if (kind === 4) return { x: drawn(blobs(canvas(), 1 + rng.int(3), rng)), kind };
    const x = own[rng.int(own.length)] as Vector;
    return { x: kind === 2 ? transposed(x, shape) : shifted(x, shape, rng), kind };
  });
}

/** An image being drawn and how a pen marks it. */
interface Canvas {
  shape: ImageShape;
  pixels: Float64Array;
  /** A pen of strength `ink` (its colour, on a colour canvas, drawn from `rng`): marks the four pixels around a point, as a pen's anti-aliased trace. */
  pen(ink: number, rng: Rng): (r: number, c: number) => void;
}

/** Black paper, the pen's ink added up to white (the digits' drawings). */
function greyCanvas(side: number): Canvas {
  const pixels = new Float64Array(side * side);
  return {
    shape: { side, channels: 1 },
    pixels,
    pen: (ink) => (r, c) =>
      around(side, r, c, (rr, cc, w) => {
        pixels[rr * side + cc] = Math.min(1, (pixels[rr * side + cc] as number) + ink * w);
      }),
  };
}

/** A flat or gradient ground of random colours; the pen's colour laid over it with opacity `ink`. */
function colourCanvas(shape: ImageShape, rng: Rng): Canvas {
  const pixels = ground(shape, rng);
  return {
    shape,
    pixels,
    pen: (ink, rng) => {
      const paint = randomColour(shape.channels, rng);
      return (r, c) => around(shape.side, r, c, (rr, cc, w) => cover(pixels, shape, rr, cc, paint, ink * w));
    },
  };
}

function strokes(canvas: Canvas, count: number, rng: Rng): Vector {
  const { side } = canvas.shape;
  for (let s = 0; s < count; s++) {
    const [r0, c0, r1, c1] = [rng.next(), rng.next(), rng.next(), rng.next()].map((v) => v * (side - 1)) as [number, number, number, number];
    const mark = canvas.pen(0.6 + 0.4 * rng.next(), rng);
    // A point every 0.4 pixel of an 8-pixel side's length (the 8×8 images' 21 points), as many more on larger images.
    const step = 0.05 * (8 / side);
    for (let t = 0; t <= 1; t += step) mark(r0 + (r1 - r0) * t, c0 + (c1 - c0) * t);
  }
  return canvas.pixels;
}

function ring(canvas: Canvas, rng: Rng): Vector {
  const { side } = canvas.shape;
  // Sizes in eighths of the side: on 8×8, a ring of radius 1–3 pixels 2 pixels from the edge, a point every 0.2 rad.
  const u = side / 8;
  const [r, c] = [2 * u + rng.next() * (side - 4 * u), 2 * u + rng.next() * (side - 4 * u)];
  const radius = (1 + rng.next() * 2) * u;
  const mark = canvas.pen(0.8, rng);
  for (let a = 0; a < 2 * Math.PI; a += 0.2 / u) mark(r + radius * Math.sin(a), c + radius * Math.cos(a));
  return canvas.pixels;
}

/** Filled ellipses of random colours, 1–3 eighths of the side across each way, their edges anti-aliased over a pixel. */
function blobs(canvas: Canvas, count: number, rng: Rng): Vector {
  const { shape, pixels } = canvas;
  const { side } = shape;
  const u = side / 8;
  for (let b = 0; b < count; b++) {
    const [r0, c0] = [rng.next() * side, rng.next() * side];
    const [rr, rc] = [(1 + rng.next() * 2) * u, (1 + rng.next() * 2) * u];
    const opacity = 0.6 + 0.4 * rng.next();
    const paint = randomColour(shape.channels, rng);
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const d = Math.hypot((r + 0.5 - r0) / rr, (c + 0.5 - c0) / rc);
        const inside = Math.min(1, Math.max(0, (1 - d) * Math.min(rr, rc) + 0.5));
        if (inside > 0) cover(pixels, shape, r, c, paint, opacity * inside);
      }
    }
  }
  return pixels;
}

/** Each of the four pixels around a point, with its share of the point (bilinear weights). */
function around(side: number, r: number, c: number, mark: (rr: number, cc: number, w: number) => void): void {
  const r0 = Math.floor(r);
  const c0 = Math.floor(c);
  for (const [dr, dc] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
    const rr = r0 + dr;
    const cc = c0 + dc;
    if (rr < 0 || cc < 0 || rr >= side || cc >= side) continue;
    mark(rr, cc, (1 - Math.abs(r - rr)) * (1 - Math.abs(c - cc)));
  }
}

/** A pixel's colour moved towards `paint` by `alpha` (paint laid over it), every channel. */
function cover(pixels: Float64Array, shape: ImageShape, r: number, c: number, paint: readonly number[], alpha: number): void {
  const a = Math.min(1, alpha);
  for (let ch = 0; ch < shape.channels; ch++) {
    const i = feature(shape, ch, r, c);
    pixels[i] = (pixels[i] as number) + a * ((paint[ch] as number) - (pixels[i] as number));
  }
}

function randomColour(channels: number, rng: Rng): number[] {
  return Array.from({ length: channels }, () => rng.next());
}

/** A colour image's ground: one random colour, or a linear gradient between two along a random direction. */
function ground(shape: ImageShape, rng: Rng): Float64Array {
  const { side, channels } = shape;
  const out = new Float64Array(channels * planeSize(shape));
  const from = randomColour(channels, rng);
  const gradient = rng.next() < 0.5;
  const to = gradient ? randomColour(channels, rng) : from;
  const angle = gradient ? 2 * Math.PI * rng.next() : 0;
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      // Where the pixel lies along the direction, from 0 on one side of the image to 1 on the other.
      const t = Math.min(1, Math.max(0, 0.5 + ((r + 0.5) / side - 0.5) * Math.sin(angle) + ((c + 0.5) / side - 0.5) * Math.cos(angle)));
      for (let ch = 0; ch < channels; ch++) out[feature(shape, ch, r, c)] = (from[ch] as number) + t * ((to[ch] as number) - (from[ch] as number));
    }
  }
  return out;
}

/** Each value to the nearest of the 8-bit grid's 256 levels (k/255). */
function bytes(x: Vector): Vector {
  return Float64Array.from(x, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255) / 255);
}

/** Rows and columns swapped in every channel. */
function transposed(x: Vector, shape: ImageShape): Vector {
  const { side, channels } = shape;
  const out = new Float64Array(x.length);
  for (let ch = 0; ch < channels; ch++) {
    for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) out[feature(shape, ch, c, r)] = x[feature(shape, ch, r, c)] as number;
  }
  return out;
}

/** Every channel moved by the same rows and columns, the uncovered edge left black. */
function shifted(x: Vector, shape: ImageShape, rng: Rng): Vector {
  const { side, channels } = shape;
  // A pixel of an 8×8 image: as many of a larger one.
  const u = Math.round(side / 8);
  const [dr, dc] = [(rng.int(3) - 1) * u, (rng.int(3) - 1) * u];
  const out = new Float64Array(x.length);
  for (let ch = 0; ch < channels; ch++) {
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const rr = r - dr;
        const cc = c - dc;
        if (rr >= 0 && cc >= 0 && rr < side && cc < side) out[feature(shape, ch, r, c)] = x[feature(shape, ch, rr, cc)] as number;
      }
    }
  }
  return out;
}
