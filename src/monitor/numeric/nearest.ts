import type { Projection } from './projection.ts';
import { beyond, bound2 } from './projection.ts';
import { distance2 } from './vector.ts';

/** A stored input and, once a projection exists, its projection (filled in on first use). */
export interface Point {
  x: Float64Array;
  p: Float64Array | undefined;
  label?: string;
}

let bounds = new Float64Array(128);

/**
 * The point nearest x (squared distance), among those of x's length and, when `label` is given, of that label:
 * the first in array order on a tie, exactly as a full scan finds it. With a projection (px: x projected), the
 * point with the smallest projected bound is measured first and any other is measured only if its bound does
 * not already rule it out; the distance itself gives up past the best so far. Index −1 when none qualifies.
 */
export function nearestPoint(x: Float64Array, points: readonly Point[], projection: Projection | undefined, px: Float64Array | undefined, label?: string): { index: number; best: number } {
  const n = points.length;
  if (bounds.length < n) bounds = new Float64Array(n * 2);
  let first = -1;
  for (let i = 0; i < n; i++) {
    const q = points[i] as Point;
    if (q.x.length !== x.length || (label !== undefined && q.label !== label)) {
      bounds[i] = Infinity;
      continue;
    }
    let lb = 0;
    if (projection && px) {
      if (q.p === undefined) q.p = projection.project(q.x, new Float64Array(projection.k));
      lb = bound2(px, 0, q.p, 0, projection.k);
    }
    bounds[i] = lb;
    if (first < 0 || lb < (bounds[first] as number)) first = i;
  }
  if (first < 0) return { index: -1, best: Infinity };
  let index = first;
  let best = distance2(x, (points[first] as Point).x);
  for (let i = 0; i < n; i++) {
    const lb = bounds[i] as number;
    if (i === first || lb === Infinity || beyond(lb, best)) continue;
    const d = distance2(x, (points[i] as Point).x, best);
    if (d < best || (d === best && i < index)) {
      best = d;
      index = i;
    }
  }
  return { index, best };
}
