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
      if ((await isAdversarial([candidate]))[0]) {
        [high, found] = [mid, candidate];
        record(candidate);
      } else low = mid;
    }
    return found;
  };

  // Every adversarial input is recorded the moment it is known, so a target that dies mid-search leaves
  // the closest one found so far (at worst the known start, which cost nothing) instead of none.
  for (const x of goal.starts.slice(0, params.startCandidates)) record(x);
  try {
    let boundary = await start(goal, params, box, rng, isAdversarial, toBoundary, distance, theta, record);
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
        if ((await isAdversarial([candidate]))[0]) {
          stepped = candidate;
          record(candidate);
        }
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
  record: (x: Vector) => void,
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
    if (hit >= 0) {
      record(noise[hit] as Vector);
      return toBoundary(noise[hit] as Vector, theta);
    }
  }
  return undefined;
}

/**
 * Monte-Carlo estimate of the boundary normal from the labels of probes around x (paper §4, with baseline).
 * All probes live in one buffer and are sent as views of it: no per-probe allocation in the hot path.
 */
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
  const buffer = new Float64Array(evals * d);
  // Σ of all probes, built while they are made: the gradient then needs a pass over one label group only.
  const sumAll = new Float64Array(d);
  const probes: Vector[] = new Array<Vector>(evals);
  for (let k = 0; k < evals; k++) {
    const offset = k * d;
    const end = offset + d;
    // A random direction (Gaussian for L2, uniform in the cube for L∞) of length δ, then clipped to the box.
    if (norm === 'l2') rng.fillNormal(buffer, offset, end);
    else for (let j = offset; j < end; j++) buffer[j] = rng.next() * 2 - 1;
    let n = 0;
    for (let j = offset; j < end; j++) n += (buffer[j] as number) * (buffer[j] as number);
    const scale = delta / Math.sqrt(n);
    for (let i = 0; i < d; i++) {
      const v = (x[i] as number) + scale * (buffer[offset + i] as number);
      const lo = lower[i] as number;
      const hi = upper[i] as number;
      buffer[offset + i] = v < lo ? lo : v > hi ? hi : v;
    }
    const probe = buffer.subarray(offset, end);
    if (!box.boundsOnly) buffer.set(box.project(probe), offset);
    for (let i = 0; i < d; i++) sumAll[i] = (sumAll[i] as number) + (buffer[offset + i] as number);
    probes[k] = probe;
  }
  const adversarial = await isAdversarial(probes);
  let hits = 0;
  for (let k = 0; k < evals; k++) if (adversarial[k]) hits++;
  // Weights: sign ±1 minus the mean sign (the paper's baseline), or the plain sign when all agree (the
  // baseline would zero the estimate). The direction a label speaks for is the clipped probe minus x.
  const meanSign = (2 * hits - evals) / evals;
  const all = hits === 0 || hits === evals;
  const wHit = all ? 1 : 1 - meanSign;
  const wMiss = all ? -1 : -1 - meanSign;
  // Σ w·(probe − x) = wHit·S_hit + wMiss·(S_all − S_hit) − (Σ w)·x, summing S over the smaller group.
  const sumHits = hits <= evals - hits;
  const group = new Float64Array(d);
  for (let k = 0; k < evals; k++) {
    if (adversarial[k] !== sumHits) continue;
    const offset = k * d;
    for (let i = 0; i < d; i++) group[i] = (group[i] as number) + (buffer[offset + i] as number);
  }
  const wGroup = sumHits ? wHit : wMiss;
  const wRest = sumHits ? wMiss : wHit;
  const totalWeight = hits * wHit + (evals - hits) * wMiss;
  const grad = new Float64Array(d);
  let n = 0;
  for (let i = 0; i < d; i++) {
    const g = wGroup * (group[i] as number) + wRest * ((sumAll[i] as number) - (group[i] as number)) - totalWeight * (x[i] as number);
    grad[i] = g;
    n += g * g;
  }
  if (!(n > 1e-30)) return undefined;
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
