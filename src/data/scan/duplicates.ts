import type { Neighbours } from '../../ml/knn.ts';
import type { Matrix } from '../../ml/matrix.ts';
import type { Flag } from './flags.ts';

/**
 * Rows with byte-identical features, grouped (each group in row order). Linear time and little memory: a
 * 53-bit hash per row in a map to its first row, the bytes compared on a hash match.
 */
export function exactGroups(x: Matrix): number[][] {
  const words = new Uint32Array(x.data.buffer, x.data.byteOffset, x.data.length);
  const d = x.cols;
  const first = new Map<number, number>();
  const groups = new Map<number, number[]>();
  for (let r = 0; r < x.rows; r++) {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let c = 0; c < d; c++) {
      const w = words[r * d + c] as number;
      h1 = Math.imul(h1 ^ w, 0x01000193);
      h2 = Math.imul(h2 ^ w, 0x5bd1e995) ^ (h2 >>> 13);
    }
    const key = (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
    const f = first.get(key);
    if (f === undefined) {
      first.set(key, r);
      continue;
    }
    let same = true;
    for (let c = 0; c < d && same; c++) same = words[f * d + c] === words[r * d + c];
    if (!same) continue;
    const group = groups.get(f);
    if (group) group.push(r);
    else groups.set(f, [f, r]);
  }
  return [...groups.values()];
}

/**
 * Duplicates inside the dataset. Exact copies: every copy after the first is a duplicate; copies whose labels
 * disagree are all conflicting. Near copies (nearest neighbour closer than `radius`, when neighbours are
 * known): a pair with different labels is conflicting (both rows), a pair with the same label flags the
 * later row.
 */
export function duplicateFlags(x: Matrix, y: Int32Array, classes: string[], neighbours: Neighbours | undefined, radius: number): Flag[] {
  const flags = new Map<number, Flag>();
  const add = (flag: Flag): void => {
    const old = flags.get(flag.index);
    if (!old || old.score < flag.score) flags.set(flag.index, flag);
  };
  const exact = new Set<number>();
  for (const group of exactGroups(x)) {
    const labels = new Set(group.map((r) => y[r]));
    group.forEach((r, i) => {
      exact.add(r);
      if (labels.size > 1) add({ kind: 'duplicate', index: r, score: 1, reason: `conflicting duplicate: identical features to ${group.length - 1} other row(s) labelled ${[...labels].map((l) => classes[l as number]).join('/')}` });
      else if (i > 0) add({ kind: 'duplicate', index: r, score: 1, reason: `exact duplicate of row ${group[0]}` });
    });
  }
  if (neighbours && radius > 0) {
    for (let i = 0; i < x.rows; i++) {
      const j = neighbours.index[i * neighbours.k] as number;
      const d = neighbours.distance[i * neighbours.k] as number;
      if (j < 0 || d > radius || (exact.has(i) && exact.has(j))) continue;
      const score = 1 - d / radius / 2;
      if (y[i] !== y[j]) add({ kind: 'duplicate', index: i, score, reason: `conflicting near-duplicate of row ${j} (distance ${d.toFixed(3)}), labelled ${classes[y[j] as number]} there and ${classes[y[i] as number]} here` });
      else if (i > j) add({ kind: 'duplicate', index: i, score: score * 0.8, reason: `near-duplicate of row ${j} (distance ${d.toFixed(3)})` });
    }
  }
  return [...flags.values()];
}
