import { stratifiedSplit, type Dataset } from '../../../ml/dataset.ts';
import { createRng, type Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';
import { trainVictim } from '../../../ml/victims.ts';
import type { Resubmit } from '../third-party/benign.ts';
import { transferSet } from '../third-party/transfer-set.ts';
import type { TrafficVictim } from './victim.ts';

export const SIDE_32 = 32;
export const CHANNELS_3 = 3;
const PLANE = SIDE_32 * SIDE_32;

/**
 * A CIFAR-10-size victim made offline, held out from the tuning of the detectors: 3 × 32 × 32 colour scenes laid out
 * channels first (feature c·1024 + r·32 + col), as PyTorch and ART's CIFAR examples send them, each pixel on the
 * 8-bit grid k/255 (a photograph's bytes through `ToTensor`). Ten classes, each an object of its own shape and
 * palette (with overlaps) on a scene of its own kind — sky, grass, road, water, a room — drawn at a random place,
 * size and light, with a texture of noise on every pixel: no two images alike and nothing exactly 0 (unlike the
 * digits' blank background). Softmax regression on the 3,072 features, trained here.
 */
export function colour32Victim(images = 1500, epochs = 20): TrafficVictim {
  const rng = createRng(3232);
  const y = Array.from({ length: images }, (_, i) => i % CLASSES.length);
  const data: Dataset = { x: y.map((label) => scene(label, rng)), y };
  const { train, test } = stratifiedSplit(data, 0.3, 1);
  const model = trainVictim('logistic-regression', train, { epochs, seed: 1 });
  return {
    name: 'colour-32',
    model,
    train,
    test,
    side: SIDE_32,
    channels: CHANNELS_3,
    transfer: (n, own, r) => transferSet(n, own, { side: SIDE_32, channels: CHANNELS_3 }, r),
    resubmit: reencoded,
    wire: 'v2',
  };
}

type Rgb = [number, number, number];
type Shape = 'disc' | 'box' | 'bar' | 'tall' | 'ring' | 'cross' | 'triangle' | 'pair';
type Ground = 'sky' | 'grass' | 'road' | 'water' | 'room';

/** Each class: the object's shape, its palette (hues in degrees, with the next class's overlapping) and the usual scene. */
const CLASSES: { shape: Shape; hue: [number, number]; grounds: Ground[] }[] = [
  { shape: 'bar', hue: [190, 240], grounds: ['sky', 'sky', 'water'] }, // aeroplane
  { shape: 'box', hue: [340, 380], grounds: ['road', 'road', 'room'] }, // automobile
  { shape: 'disc', hue: [20, 50], grounds: ['sky', 'grass'] }, // bird
  { shape: 'triangle', hue: [25, 45], grounds: ['room', 'grass'] }, // cat
  { shape: 'tall', hue: [30, 60], grounds: ['grass', 'grass', 'room'] }, // deer
  { shape: 'pair', hue: [20, 40], grounds: ['grass', 'room'] }, // dog
  { shape: 'ring', hue: [80, 130], grounds: ['water', 'grass'] }, // frog
  { shape: 'cross', hue: [10, 40], grounds: ['grass', 'road'] }, // horse
  { shape: 'bar', hue: [0, 30], grounds: ['water', 'water', 'sky'] }, // ship
  { shape: 'box', hue: [200, 260], grounds: ['road', 'room'] }, // truck
];

/** One image of `label`: a scene, an object, light, a texture of noise, and the 8-bit grid. */
export function scene(label: number, rng: Rng): Float64Array {
  const kind = CLASSES[label] as (typeof CLASSES)[number];
  const out = new Float64Array(CHANNELS_3 * PLANE);
  ground(out, kind.grounds[rng.int(kind.grounds.length)] as Ground, rng);
  const hue = kind.hue[0] + (kind.hue[1] - kind.hue[0]) * rng.next();
  const colour = hsv(hue, 0.45 + 0.5 * rng.next(), 0.35 + 0.6 * rng.next());
  const size = 9 + 6 * rng.next();
  const centre: [number, number] = [16 + 8 * (rng.next() - 0.5), 16 + 8 * (rng.next() - 0.5)];
  draw(out, kind.shape, centre, size, colour, rng);
  const light = 0.75 + 0.45 * rng.next();
  const grain = 0.02 + 0.03 * rng.next();
  for (let i = 0; i < out.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, (out[i] as number) * light + grain * rng.normal())) * 255) / 255;
  return out;
}

/** The scene behind the object: a colour or a gradient of its kind, top to bottom. */
function ground(out: Float64Array, kind: Ground, rng: Rng): void {
  const jitter = (c: Rgb): Rgb => c.map((v) => Math.min(1, Math.max(0, v + 0.12 * (rng.next() - 0.5) * 2))) as Rgb;
  const palette: Record<Ground, [Rgb, Rgb]> = {
    sky: [[0.45, 0.65, 0.95], [0.8, 0.88, 0.98]],
    grass: [[0.5, 0.7, 0.4], [0.25, 0.5, 0.15]],
    road: [[0.6, 0.6, 0.62], [0.3, 0.3, 0.32]],
    water: [[0.55, 0.7, 0.85], [0.1, 0.3, 0.5]],
    room: [[0.75, 0.7, 0.6], [0.45, 0.35, 0.25]],
  };
  const top = jitter(palette[kind][0]);
  const bottom = jitter(palette[kind][1]);
  const horizon = 8 + rng.int(16);
  for (let r = 0; r < SIDE_32; r++) {
    const t = kind === 'sky' || kind === 'water' ? r / (SIDE_32 - 1) : r < horizon ? 0 : 1;
    for (let c = 0; c < 3; c++) {
      const v = (top[c] as number) * (1 - t) + (bottom[c] as number) * t;
      for (let col = 0; col < SIDE_32; col++) out[c * PLANE + r * SIDE_32 + col] = v;
    }
  }
}

/** Paints the object (softened at its edge) over the scene. */
function draw(out: Float64Array, shape: Shape, [cr, cc]: [number, number], size: number, colour: Rgb, rng: Rng): void {
  const half = size / 2;
  const tilt = (rng.next() - 0.5) * 0.6;
  const inside = (r: number, c: number): number => {
    const dr = r - cr;
    const dc = c - cc + tilt * dr;
    switch (shape) {
      case 'disc':
        return half - Math.hypot(dr, dc);
      case 'box':
        return Math.min(half - Math.abs(dr) * 1.4, half - Math.abs(dc) * 0.8);
      case 'bar':
        return Math.min(half * 0.35 - Math.abs(dr), half * 1.3 - Math.abs(dc));
      case 'tall':
        return Math.min(half * 1.3 - Math.abs(dr), half * 0.4 - Math.abs(dc));
      case 'ring':
        return half * 0.3 - Math.abs(Math.hypot(dr, dc) - half * 0.7);
      case 'cross':
        return Math.max(Math.min(half * 0.3 - Math.abs(dr), half - Math.abs(dc)), Math.min(half - Math.abs(dr), half * 0.3 - Math.abs(dc)));
      case 'triangle':
        return Math.min(dr + half * 0.8, half * 0.8 - Math.abs(dc) - dr * 0.5 * 0.9);
      case 'pair':
        return Math.max(half * 0.45 - Math.hypot(dr, dc - half * 0.6), half * 0.45 - Math.hypot(dr, dc + half * 0.6));
    }
  };
  for (let r = 0; r < SIDE_32; r++) {
    for (let col = 0; col < SIDE_32; col++) {
      const cover = Math.min(1, Math.max(0, inside(r + 0.5, col + 0.5) + 0.5));
      if (cover === 0) continue;
      for (let c = 0; c < 3; c++) {
        const at = c * PLANE + r * SIDE_32 + col;
        out[at] = (out[at] as number) * (1 - cover) + (colour[c] as number) * cover;
      }
    }
  }
}

function hsv(hue: number, s: number, v: number): Rgb {
  const h = (((hue % 360) + 360) % 360) / 60;
  const x = v * s * (1 - Math.abs((h % 2) - 1));
  const m = v - v * s;
  const c = v * s;
  const [r, g, b] = h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  return [r + m, g + m, b + m];
}

/** A user's photograph sent again: re-encoded, so every pixel moves by a little noise and lands on the 8-bit grid again. */
const reencoded: Resubmit = (image: Vector, rng: Rng) => Float64Array.from(image, (v) => Math.round(Math.min(1, Math.max(0, v + 0.015 * rng.normal())) * 255) / 255);
