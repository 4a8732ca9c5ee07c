import type { Rng } from '../../../ml/rng.ts';
import { argmax, type Vector } from '../../../ml/vector.ts';
import { feature, type ImageShape } from './image.ts';
import type { ToolSession } from './session.ts';

/**
 * ART's PixelAttack defaults (Su et al. 2019's one-pixel attack as generalised by Vargas et al. 2019;
 * `art.attacks.evasion.PixelAttack`): `th` = None (search for the fewest pixels), `es` = 1 (differential
 * evolution; es = 0, CMA-ES, is not modelled), 100 generations, untargeted.
 */
export const PIXEL_DEFAULTS = { th: null as number | null, es: 1 as const, maxIter: 100 };

/** ART sizes each DE population to about this many candidates: `popsize = max(1, 400 // len(bounds))`. */
const POPULATION = 400;
/** ART's search range for the number of pixels when `th` is None. */
const MOST_PIXELS = 127;

/**
 * How ART's PixelAttack queries (score-based; pixels in [0, 1], which ART maps to 0–255 and back): first every
 * image's label (`predict(x)`, the estimator's batches), then image by image a binary search on the number of
 * perturbed pixels n between 1 and 127 (64 first, halving on success: about seven runs an image). Each run is
 * ART's modified SciPy differential evolution over n × (row, column, a level per channel) — best1bin, mutation
 * dithered in [0.5, 1), recombination 1, `popsize·(2 + channels)·n` ≈ 400 candidates from a Latin hypercube, no
 * polishing, `atol` −1 so it never converges early. A candidate is the image with its n pixels set, each channel
 * of a pixel to its own ⌊level⌋/255 (an RGB value on a colour image, as Su et al.'s (x, y, r, g, b) and ART's
 * `_perturb_image`; positions truncated, repeats allowed). The initial population is one `predict` (split into
 * `session.batchSize` requests, ART's 128), then each generation's trials are one `predict`, followed by one
 * single-image query of the best (ART's callback stopping on success), and one more of the result after the run.
 * The energy is the predicted class's probability.
 */
export function artPixelAttack(session: ToolSession, inputs: readonly Vector[], image: ImageShape, rng: Rng, options: Partial<typeof PIXEL_DEFAULTS> = {}): void {
  const o = { ...PIXEL_DEFAULTS, ...options };
  const ys = session.labels(inputs);
  inputs.forEach((x, k) => {
    const y = ys[k];
    if (y === undefined || session.exhausted) return;
    if (o.th !== null) {
      evolve(session, x, y, o.th, image, rng, o.maxIter);
      return;
    }
    let start = 1;
    let end = MOST_PIXELS;
    while (start <= end && !session.exhausted) {
      const pixels = Math.floor((start + end) / 2);
      if (evolve(session, x, y, pixels, image, rng, o.maxIter)) end = pixels - 1;
      else start = pixels + 1;
    }
  });
}

/** One differential-evolution run perturbing `pixels` pixels; whether its best candidate is misclassified. */
function evolve(session: ToolSession, x: Vector, y: number, pixels: number, shape: ImageShape, rng: Rng, maxIter: number): boolean {
  const dims = (2 + shape.channels) * pixels;
  const size = Math.max(5, Math.max(1, Math.floor(POPULATION / dims)) * dims);
  const image = (member: Float64Array): Vector => perturb(x, member, shape);
  const population = latinHypercube(size, dims, rng);
  const energies = session.predict(population.map(image)).map((p) => p[y] as number);
  if (energies.length < size) return false;
  swap(population, energies, energies.indexOf(Math.min(...energies)));
  for (let g = 0; g < maxIter && !session.exhausted; g++) {
    const f = 0.5 + 0.5 * rng.next();
    const trials = population.map((_, c) => mutant(population, c, f, rng));
    const answers = session.predict(trials.map(image));
    if (answers.length < size) return false;
    answers.forEach((p, c) => {
      const e = p[y] as number;
      if (e >= (energies[c] as number)) return;
      population[c] = trials[c] as Float64Array;
      energies[c] = e;
      if (e < (energies[0] as number)) [population[0], energies[0]] = [trials[c] as Float64Array, e];
    });
    if (misclassified(session, image(population[0] as Float64Array), y)) break;
  }
  return misclassified(session, image(population[0] as Float64Array), y);
}

/** ART's `_attack_success`: one single-image query. */
function misclassified(session: ToolSession, x: Vector, y: number): boolean {
  const p = session.predict([x])[0];
  return p !== undefined && argmax(p) !== y;
}

/** best1bin with recombination 1: the best plus F times the difference of two others; coordinates leaving [0, 1] redrawn. */
function mutant(population: readonly Float64Array[], c: number, f: number, rng: Rng): Float64Array {
  const others = population.map((_, i) => i).filter((i) => i !== c);
  const a = others.splice(rng.int(others.length), 1)[0] as number;
  const b = others[rng.int(others.length)] as number;
  const best = population[0] as Float64Array;
  return best.map((v, j) => {
    const t = v + f * ((population[a] as Float64Array)[j] as number) - f * ((population[b] as Float64Array)[j] as number);
    return t < 0 || t > 1 ? rng.next() : t;
  });
}

/** `size` points in [0, 1)^dims, one in each of `size` slices along every axis. */
function latinHypercube(size: number, dims: number, rng: Rng): Float64Array[] {
  const population = Array.from({ length: size }, () => new Float64Array(dims));
  for (let j = 0; j < dims; j++) {
    const slices = Array.from({ length: size }, (_, i) => i);
    for (let i = size - 1; i >= 0; i--) {
      const s = slices.splice(rng.int(i + 1), 1)[0] as number;
      (population[i] as Float64Array)[j] = (s + rng.next()) / size;
    }
  }
  return population;
}

/** The image with each (row, column, a level per channel) of the member written in (ART's `_perturb_image`, levels 0–255). */
function perturb(x: Vector, member: Float64Array, shape: ImageShape): Vector {
  const { side, channels } = shape;
  const out = Float64Array.from(x);
  for (let k = 0; k + 1 + channels < member.length; k += 2 + channels) {
    const row = Math.floor((member[k] as number) * side) % side;
    const col = Math.floor((member[k + 1] as number) * side) % side;
    for (let ch = 0; ch < channels; ch++) out[feature(shape, ch, row, col)] = Math.floor((member[k + 2 + ch] as number) * 255) / 255;
  }
  return out;
}

function swap(population: Float64Array[], energies: number[], i: number): void {
  [population[0], population[i]] = [population[i] as Float64Array, population[0] as Float64Array];
  [energies[0], energies[i]] = [energies[i] as number, energies[0] as number];
}
