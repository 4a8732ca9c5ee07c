import { nearestNeighbours } from '../../ml/knn.ts';
import type { Matrix } from '../../ml/matrix.ts';
import type { Flag } from './flags.ts';

export interface ReferenceSet {
  /** Scaled with the dataset's scaling. */
  x: Matrix;
  y: Int32Array;
  describe(index: number): string;
}

/**
 * Rows that copy a row of the declared evaluation set (leakage), exactly or within `radius`: a copy with
 * a different label than the reference row is the poisoning kind (a wrong-label twin of a test row).
 * Brute force over the reference rows, `rows × reference` distance computations.
 */
export function leakageFlags(x: Matrix, y: Int32Array, classes: string[], reference: ReferenceSet, radius: number): Flag[] {
  const nb = nearestNeighbours(x, reference.x, 1);
  const flags: Flag[] = [];
  for (let i = 0; i < x.rows; i++) {
    const j = nb.index[i] as number;
    const d = nb.distance[i] as number;
    if (j < 0 || d > radius) continue;
    const ref = reference.y[j] as number;
    const where = `${reference.describe(j)}${d === 0 ? '' : ` (distance ${d.toFixed(3)})`}`;
    if (ref >= 0 && ref !== y[i]) flags.push({ kind: 'leakage', index: i, score: 1 - d / radius / 2, reason: `wrong-label copy of evaluation row ${where}: labelled ${classes[y[i] as number]} here, ${classes[ref]} there` });
    else flags.push({ kind: 'leakage', index: i, score: (1 - d / radius / 2) * 0.8, reason: `copy of evaluation row ${where}` });
  }
  return flags;
}
