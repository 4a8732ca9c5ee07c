import type { Rng } from '../ml/rng.ts';
import { blend, l2, linf, type Vector } from '../ml/vector.ts';
import type { Projection } from './constraints.ts';
import { StopAttack, type Oracle } from './oracle.ts';

/**
 * HopSkipJump (Chen, Jordan & Wainwright, arXiv:1904.02144): a decision-based attack that needs labels only.
 * It walks along the decision boundary: binary search to the boundary, estimate the boundary's normal from
 * the labels of random probes, step along it, search again. Written from the paper.
 *
 * Two changes spend a fixed query budget better than the paper's defaults on small inputs (see the benchmark
 * in README.md): the start is the nearest input already known to be on the other side (when the run has
 * one) rather than random noise, and the gradient estimate starts with fewer probes so more budget goes to
 * iterations.
 */
export interface HopSkipJumpParams {
  norm: 'l2' | 'linf';
  /** Probes for the first gradient estimate; iteration t uses initEvals·√t, capped at maxEvals. */
  initEvals: number;
  maxEvals: number;
  /** Scales the binary-search tolerance θ = γ / d^1.5 (L2) or γ / d² (L∞), as in the paper. */
  gamma: number;
  /** Random starts tried when no known adversarial start is given. */
  randomStarts: number;
  /** Known adversarial starts refined by a coarse binary search before the best is kept. */
  startCandidates: number;
}

export const defaultHopSkipJump: HopSkipJumpParams = { norm: 'l2', initEvals: 30, maxEvals: 200, gamma: 1, randomStarts: 100, startCandidates: 3 };

export interface EvasionGoal {
  x0: Vector;
  /** The label the target gave x0. */
  original: number;
  /** Wanted label (targeted); any other label will do when absent. */
  target?: number;
  /** Inputs known to satisfy the goal, nearest first (free: their labels are known). */
  starts: readonly Vector[];
}

/** The best adversarial input found, or undefined when none was; distances use the attack's norm. */
export async function hopSkipJump(oracle: Oracle, box: Projection, goal: EvasionGoal, params: HopSkipJumpParams, rng: Rng): Promise<Vector | undefined> {
  const { x0 } = goal;
  const d = x0.length;
  const distance = params.norm === 'l2' ? (x: Vector): number => l2(x, x0) : (x: Vector): number => linf(x, x0);
  const theta = params.norm === 'l2' ? params.gamma / (d * Math.sqrt(d)) : params.gamma / (d * d);
  const success = (label: number): boolean => (goal.target === undefined ? label !== goal.original : label === goal.target);
  const isAdversarial = async (xs: Vector[]): Promise<boolean[]> => (await oracle.labels(xs)).map(success);
  let best: Vector | undefined;
  let bestDistance = Infinity;
  const record = (x: Vector): void => {
    const dist = distance(x);
    if (dist < bestDistance) [best, bestDistance] = [x, dist];
  };

  /** Between x0 (not adversarial) and an adversarial x: the adversarial end once the gap is under tol. */
  const toBoundary = async (x: Vector, tolerance: number): Promise<Vector> => {
    // L2 moves along the segment; L∞ shrinks the box around x0 (the paper's projection for L∞).
    const high0 = params.norm === 'l2' ? 1 : linf(x, x0);
    const at = (a: number): Vector => (params.norm === 'l2' ? box.project(blend(x0, x, a)) : box.project(clipAround(x, x0, a)));
    let low = 0;
    let high = high0;
    const tol = params.norm === 'l2' ? tolerance : Math.min(tolerance * high0, tolerance);
    let found = x;
    while (high - low > tol) {
      const mid = (low + high) / 2;
      const candidate = at(mid);
      if ((await isAdversarial([candidate]))[0]) [high, found] = [mid, candidate];
      else low = mid;
    }
    return found;
  };

  try {
    let boundary = await start(goal, params, box, rng, isAdversarial, toBoundary, distance, theta);
    if (!boundary) return undefined;
    record(boundary);
    let dist = distance(boundary);
    const searchCost = Math.ceil(Math.log2(1 / theta)) + 2;
    for (let t = 1; ; t++) {
      const delta = t === 1 ? 0.1 * meanRange(box) : (params.norm === 'l2' ? Math.sqrt(d) : d) * theta * dist;
      const evals = Math.min(params.maxEvals, Math.round(params.initEvals * Math.sqrt(t)), oracle.left() - searchCost);
      if (evals < 4) break;
      const direction = await estimateGradient(boundary, evals, delta, params.norm, box, isAdversarial, rng);
      if (!direction) break;
      const update = params.norm === 'l2' ? direction : direction.map(Math.sign);
      let stepSize = dist / Math.sqrt(t);
      let stepped: Vector | undefined;
      for (let tries = 0; tries < 12 && !stepped; tries++, stepSize /= 2) {
        const candidate = box.project(boundary.map((v, i) => v + stepSize * (update[i] as number)));
        if ((await isAdversarial([candidate]))[0]) stepped = candidate;
      }
      if (!stepped) continue;
      boundary = await toBoundary(stepped, theta);
      record(boundary);
      dist = distance(boundary);
    }
  } catch (error) {
    if (!(error instanceof StopAttack)) throw error;
  }
  return best;
}

async function start(
  goal: EvasionGoal,
  params: HopSkipJumpParams,
  box: Projection,
  rng: Rng,
  isAdversarial: (xs: Vector[]) => Promise<boolean[]>,
  toBoundary: (x: Vector, tolerance: number) => Promise<Vector>,
  distance: (x: Vector) => number,
  theta: number,
): Promise<Vector | undefined> {
  const known = goal.starts.slice(0, params.startCandidates);
  if (known.length > 0) {
    // A coarse search on each candidate, then a fine one on the closest: cheaper than a fine search on all.
    const coarse: Vector[] = [];
    for (const x of known) coarse.push(await toBoundary(x, 1 / 64));
    coarse.sort((a, b) => distance(a) - distance(b));
    return toBoundary(coarse[0] as Vector, theta);
  }
  // No known start: uniform noise inside the bounds, in small batches, as the paper does.
  for (let tried = 0; tried < params.randomStarts; tried += 10) {
    const noise = Array.from({ length: 10 }, () => box.project(box.lower.map((lo, i) => lo + rng.next() * ((box.upper[i] as number) - lo))));
    const hits = await isAdversarial(noise);
    const hit = hits.indexOf(true);
    if (hit >= 0) return toBoundary(noise[hit] as Vector, theta);
  }
  return undefined;
}

/** Monte-Carlo estimate of the boundary normal from the labels of probes around x (paper §4, with baseline). */
async function estimateGradient(
  x: Vector,
  evals: number,
  delta: number,
  norm: 'l2' | 'linf',
  box: Projection,
  isAdversarial: (xs: Vector[]) => Promise<boolean[]>,
  rng: Rng,
): Promise<Vector | undefined> {
  const d = x.length;
  const { lower, upper } = box;
  const directions = new Float64Array(evals * d);
  const probes: Vector[] = [];
  // Tight loops on purpose: this builds most of the queries an attack sends.
  for (let k = 0; k < evals; k++) {
    const offset = k * d;
    let n = 0;
    for (let i = 0; i < d; i++) {
      const u = norm === 'l2' ? rng.normal() : rng.next() * 2 - 1;
      directions[offset + i] = u;
      n += u * u;
    }
    const scale = delta / Math.sqrt(n);
    const probe = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      const v = (x[i] as number) + scale * (directions[offset + i] as number);
      probe[i] = v < (lower[i] as number) ? (lower[i] as number) : v > (upper[i] as number) ? (upper[i] as number) : v;
    }
    const projected = box.boundsOnly ? probe : box.project(probe);
    // After clipping, the probe's real direction is what its label speaks for.
    for (let i = 0; i < d; i++) directions[offset + i] = ((projected[i] as number) - (x[i] as number)) / delta;
    probes.push(projected);
  }
  const signs = (await isAdversarial(probes)).map((a) => (a ? 1 : -1));
  const meanSign = signs.reduce((s, v) => s + v, 0) / signs.length;
  const grad = new Float64Array(d);
  for (let k = 0; k < evals; k++) {
    const s = signs[k] as number;
    // Subtracting the mean sign is the paper's baseline; when all agree it would zero the estimate.
    const weight = Math.abs(meanSign) === 1 ? s : s - meanSign;
    const offset = k * d;
    for (let i = 0; i < d; i++) grad[i] = (grad[i] as number) + weight * (directions[offset + i] as number);
  }
  let n = 0;
  for (let i = 0; i < d; i++) n += (grad[i] as number) ** 2;
  if (n === 0) return undefined;
  n = Math.sqrt(n);
  for (let i = 0; i < d; i++) grad[i] = (grad[i] as number) / n;
  return grad;
}

function clipAround(x: Vector, x0: Vector, radius: number): Vector {
  return x.map((v, i) => Math.min((x0[i] as number) + radius, Math.max((x0[i] as number) - radius, v)));
}

function meanRange(box: Projection): number {
  let s = 0;
  for (let i = 0; i < box.lower.length; i++) s += (box.upper[i] as number) - (box.lower[i] as number);
  return box.lower.length === 0 ? 1 : s / box.lower.length;
}
