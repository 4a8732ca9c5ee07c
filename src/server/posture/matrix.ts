import { sql } from 'kysely';
import type { Store } from '../../store/connection.ts';
import { StoredMatrix } from '../../store/document.ts';
import { read } from '../../store/reviews.ts';
import { merge, type Posture } from './tally.ts';

export type MatrixSnapshot = ReturnType<typeof StoredMatrix.parse>;

export interface MatrixCell {
  id: string;
  name: string;
  /** Undefined when no asset in view has a finding on it (the technique does not apply to them). */
  posture: Posture | undefined;
  subTechniques: MatrixCell[];
}

export interface MatrixColumn {
  id: string;
  name: string;
  posture: Posture;
  techniques: MatrixCell[];
}

const KEPT = 16;
const cache = new Map<string, Promise<MatrixSnapshot>>();

/** The ATLAS matrix a review was made against (its tactics and techniques), read once per review and kept. */
export function reviewMatrix(store: Store, reviewId: number): Promise<MatrixSnapshot> {
  const key = `${store.where}#${reviewId}`;
  let found = cache.get(key);
  if (!found) {
    found = read(store, () => sql<{ matrix: unknown }>`select document->'matrix' as matrix from review where id = ${reviewId}`.execute(store.db)).then((r) => StoredMatrix.parse(r.rows[0]?.matrix));
    found.catch(() => cache.delete(key));
    cache.set(key, found);
    if (cache.size > KEPT) cache.delete(cache.keys().next().value as string);
  }
  return found;
}

/**
 * Tactic columns of technique cells, sub-techniques under their parent, each with the posture of its findings. A
 * parent's cell counts only its own findings; its sub-techniques are cells of their own. Sub-techniques carry their
 * parent's tactics (the ATLAS loader fills them in), so a tactic's posture counts every finding under it once.
 */
export function buildMatrix(matrix: MatrixSnapshot, byTechnique: ReadonlyMap<string, Posture>): MatrixColumn[] {
  const children = new Map<string, MatrixSnapshot['techniques']>();
  for (const t of matrix.techniques) if (t.parent) children.set(t.parent, [...(children.get(t.parent) ?? []), t]);
  const cell = (t: MatrixSnapshot['techniques'][number]): MatrixCell => ({ id: t.id, name: t.name, posture: byTechnique.get(t.id), subTechniques: (children.get(t.id) ?? []).map(cell) });
  return matrix.tactics.map((tactic) => {
    const inTactic = matrix.techniques.filter((t) => t.tactics.includes(tactic.id));
    return { id: tactic.id, name: tactic.name, posture: merge(inTactic.flatMap((t) => byTechnique.get(t.id) ?? [])), techniques: inTactic.filter((t) => !t.parent).map(cell) };
  });
}
