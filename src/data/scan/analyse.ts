import { nearestNeighbours, type Neighbours } from '../../ml/knn.ts';
import { scaledRows, scalingOf, type Matrix, type Scaling } from '../../ml/matrix.ts';
import { profileColumns } from './column-profile.ts';
import { argmaxRow } from './confident-learning.ts';
import { duplicateFlags } from './duplicates.ts';
import type { Flag, FlagKind } from './flags.ts';
import { leakageFlags } from './leakage.ts';
import { findLabelIssues } from './label-issues.ts';
import { medianNearest } from './out-of-fold.ts';
import { outlierFlags } from './outliers.ts';
import { relabelledGroups } from './relabelled-groups.ts';
import type { Table } from './table.ts';
import { findTriggerPatterns, triggerFlags, type TriggerPattern } from './trigger-patterns.ts';

export interface AnalyseOptions {
  folds: number;
  seed: number;
  /** Up to this many rows, k-NN (quadratic) joins the label model and finds near-duplicates. */
  knnMaxRows: number;
  /** Near-duplicate radius as a share of the median nearest-neighbour distance. */
  nearRadius: number;
  /** Radius for copies of evaluation rows, as a share of the median nearest-neighbour distance. */
  leakRadius: number;
  outlierThreshold: number;
  signal?: AbortSignal | undefined;
  progress?: ((done: number, total: number, label: string) => void) | undefined;
  /** Extra flags from a model's hidden layer (src/data/scan/model-activations.ts), by scaled table. */
  modelFlags?: ((table: Table) => Promise<Flag[]>) | undefined;
}

export const defaultAnalyseOptions: AnalyseOptions = { folds: 5, seed: 1, knnMaxRows: 10_000, nearRadius: 0.1, leakRadius: 0.3, outlierThreshold: 1.5 };

export interface Analysis {
  flags: Flag[];
  /** Confident learning's estimate of the share of wrong labels (off-diagonal joint / rows). */
  labelNoiseEstimate: number;
  triggerPatterns: TriggerPattern[];
  /** Median nearest-neighbour distance in scaled units, and the near-duplicate radius drawn from it. */
  nearest?: { median: number; radius: number };
  methods: string[];
  notes: string[];
}

/** Every detector over a loaded table (and the evaluation set, when declared). Pure apart from the clock. */
export async function analyse(table: Table, reference: Table | undefined, options: AnalyseOptions): Promise<Analysis> {
  const { x, y, classes } = table;
  const k = classes.length;
  const notes: string[] = [];
  const methods: string[] = [];
  const scaling = scalingOf(x);
  const all = Int32Array.from({ length: x.rows }, (_, i) => i);
  let neighbours: Neighbours | undefined;
  let scaled: Matrix | undefined;
  if (x.rows <= options.knnMaxRows) {
    scaled = scaledRows(x, scaling, all);
    neighbours = nearestNeighbours(scaled, scaled, 10, true);
    options.progress?.(1, 6, 'neighbours');
  } else notes.push(`${x.rows} rows is more than ${options.knnMaxRows}: k-NN and near-duplicate search are skipped (exact duplicates are still found); labels are judged by logistic regression alone`);
  const flags: Flag[] = [];
  let labelNoiseEstimate = 0;
  if (k < 2) notes.push('one class only: label issues and trigger patterns need at least two');
  else {
    const found = findLabelIssues(x, y, k, scaling, neighbours, {
      folds: options.folds,
      seed: options.seed,
      visitsPerFold: 1_000_000,
      signal: options.signal,
      onFold: (d, t) => options.progress?.(d, t, 'folds'),
    });
    methods.push(`label issues: confident learning (prune by noise rate and by class, and every row of a concentrated given → true cell) on ${options.folds}-fold out-of-fold probabilities of multinomial logistic regression${neighbours ? ' averaged with leave-one-out 10-NN' : ''}${found.rounds === 2 ? '; a second round with the first round\'s rows left out of training' : ''}`);
    labelNoiseEstimate = found.noiseRate;
    const { probs } = found;
    for (const i of found.issues) {
      const given = y[i] as number;
      const likely = argmaxRow(probs, i, k);
      const p = probs[i * k + given] as number;
      flags.push({ kind: 'label-issue', index: i, score: 1 - p, reason: `labelled ${classes[given]} but out-of-fold models give that ${p.toFixed(2)}; likely ${classes[likely]} (${(probs[i * k + likely] as number).toFixed(2)})` });
    }
    if (scaled) {
      const found = new Set(flags.map((f) => f.index));
      for (const group of relabelledGroups(scaled, y, k, undefined, neighbours)) {
        const reason = `in a group of ${group.size} of the ${group.classRows} rows labelled ${classes[group.given]} that lies against ${classes[group.likely]} and apart from the rest of ${classes[group.given]} (${Math.round(group.agreement * 100)}% of the group voted ${classes[group.likely]} by their nearest rows outside it): likely relabelled`;
        for (const i of group.rows) {
          if (found.has(i)) continue;
          found.add(i);
          flags.push({ kind: 'label-issue', index: i, score: group.agreement, reason });
        }
      }
      methods.push('relabelled groups: per label, the clusters of a 2-means and of k-means into 3 and 4 (three starts each), flagged when their nearest rows outside them vote one other class and they touch that class with no gap');
    }
  }
  const minSupport = Math.max(5, Math.ceil(x.rows * 0.002));
  const profiles = profileColumns(x, minSupport, 0.3);
  flags.push(...outlierFlags(x, profiles, table.features, options.outlierThreshold));
  methods.push(`outliers: a feature beyond its 1–99% range by more than ${options.outlierThreshold} range widths`);
  const median = neighbours ? medianNearest(neighbours) : 0;
  const radius = options.nearRadius * median;
  flags.push(...duplicateFlags(x, y, classes, neighbours, radius));
  methods.push(`duplicates: identical feature bytes${neighbours ? `; near-duplicates within ${radius.toPrecision(3)} (${options.nearRadius} × the median nearest-neighbour distance, scaled features)` : ''}`);
  if (reference) {
    const refScaled = scaledRows(reference.x, scaling, Int32Array.from({ length: reference.x.rows }, (_, i) => i));
    const limit = neighbours ? options.leakRadius * median : 1e-6;
    flags.push(...leakageFlags(scaled ?? scaledRows(x, scaling, all), y, classes, { x: refScaled, y: reference.y, describe: (j) => describeRow(reference, j) }, limit));
    methods.push(`leakage: rows within ${limit.toPrecision(3)} of a row of the evaluation set (${reference.x.rows} rows)`);
  }
  let triggerPatterns: TriggerPattern[] = [];
  if (k >= 2) {
    triggerPatterns = findTriggerPatterns(x, y, k, scaling, profiles, { minSupport, minPurity: 0.8, minLift: 2, minMismatch: 0.5, sample: 5000 });
    flags.push(...triggerFlags(triggerPatterns, table.features, classes));
    methods.push(`backdoor triggers: fixed feature values held by ≥ ${minSupport} rows, ≥ 80% of one label, whose other features look like another class for ≥ 50% of them`);
  }
  if (options.modelFlags) flags.push(...(await options.modelFlags(table)));
  return { flags, labelNoiseEstimate, triggerPatterns, ...(neighbours ? { nearest: { median, radius } } : {}), methods, notes };
}

export function describeRow(table: Table, i: number): string {
  const line = table.source.line[i] as number;
  return `${table.files[table.source.file[i] as number]}:${line > 0 ? `line ${line}` : `row ${table.source.row[i]}`}`;
}

export type { FlagKind, Scaling };
