import { knnProbabilities, type Neighbours } from '../../ml/knn.ts';
import { predictLogistic, trainLogistic } from '../../ml/logistic-regression.ts';
import type { Matrix, Scaling } from '../../ml/matrix.ts';
import { createRng } from '../../ml/rng.ts';

export interface OutOfFoldOptions {
  folds: number;
  seed: number;
  /** Training rows visited per fold at most (epochs shrink as rows grow), so a million rows stay fast. */
  visitsPerFold: number;
  signal?: AbortSignal | undefined;
  onFold?: (done: number, total: number) => void;
  /** Rows (1) left out of every model's training and of the neighbours' votes; they are still predicted. */
  exclude?: Uint8Array | undefined;
}

/**
 * Out-of-fold class probabilities: a multinomial logistic regression trained on k − 1 folds predicts the
 * k-th (stratified folds), averaged with leave-one-out k-NN votes when the neighbours are given. Every row's
 * probabilities come from models that never saw it, as confident learning requires.
 */
export function outOfFoldProbabilities(x: Matrix, y: Int32Array, classes: number, scaling: Scaling, neighbours: Neighbours | undefined, options: OutOfFoldOptions): Float64Array {
  const n = x.rows;
  const fold = stratifiedFolds(y, classes, options.folds, options.seed);
  const lr = new Float64Array(n * classes);
  for (let f = 0; f < options.folds; f++) {
    if (options.signal?.aborted) throw new Error('aborted');
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) {
      if (fold[i] === f) test.push(i);
      else if (options.exclude?.[i] !== 1) train.push(i);
    }
    const epochs = Math.max(1, Math.min(100, Math.round(options.visitsPerFold / Math.max(1, train.length))));
    const model = trainLogistic(x, y, Int32Array.from(train), scaling, { classes, epochs, l2: 1 / Math.max(1, train.length), seed: options.seed + f });
    predictLogistic(model, x, Int32Array.from(test), lr);
    options.onFold?.(f + 1, options.folds);
  }
  if (!neighbours) return lr;
  const knn = new Float64Array(n * classes);
  const voters = options.exclude ? withoutVoters(neighbours, options.exclude) : neighbours;
  knnProbabilities(voters, y, classes, medianNearest(neighbours), 0.05, knn);
  for (let i = 0; i < lr.length; i++) lr[i] = ((lr[i] as number) + (knn[i] as number)) / 2;
  return lr;
}

/** The neighbour lists with excluded rows blanked (−1), so they cast no vote. */
function withoutVoters(nb: Neighbours, exclude: Uint8Array): Neighbours {
  return { ...nb, index: nb.index.map((j) => (j >= 0 && exclude[j] === 1 ? -1 : j)) };
}

/** Fold of each row: each class's rows shuffled and dealt round-robin, so folds keep the class mix. */
export function stratifiedFolds(y: Int32Array, classes: number, folds: number, seed: number): Int32Array {
  const rng = createRng(seed);
  const fold = new Int32Array(y.length);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  y.forEach((c, i) => byClass[c]?.push(i));
  for (const rows of byClass) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [rows[i], rows[j]] = [rows[j] as number, rows[i] as number];
    }
    rows.forEach((r, i) => (fold[r] = i % folds));
  }
  return fold;
}

/** Median distance to the nearest neighbour: the scale of "close" in this dataset. */
export function medianNearest(nb: Neighbours): number {
  const rows = nb.index.length / nb.k;
  const d = new Float32Array(rows);
  for (let i = 0; i < rows; i++) d[i] = nb.distance[i * nb.k] as number;
  d.sort();
  return Math.max(d[rows >> 1] ?? 1, 1e-9);
}
