import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { RampartError, inputError } from '../../errors.ts';
import type { Asset, LogSource } from '../../inventory/asset.ts';
import type { TrainingRecords } from '../../monitor/training-set/training-records.ts';

/** The training records a log's detectors are given, and where they came from (for the evidence). */
export interface TrainingData {
  records: TrainingRecords;
  /** The file as the inventory names it, and the asset when it was named by one. */
  from: string;
}

/** What a log has: the records, or why it has none and what would give it some. */
export type LogTraining = { given: TrainingData } | { missing: string };

interface Source {
  file: string;
  label: string | undefined;
  /** As the inventory names it, e.g. `datasets/train.csv (digits-train)`. */
  shown: string;
}

const URI = /^[a-z][a-z0-9+.-]*:\/\//i;
const HOW = 'give the log trainingData: TRAINING-SET-ASSET, or trainingData: { path: FILE, label: COLUMN } (a dataset file or a rampart data manifest --records file)';

/**
 * The training records of the model an `inference-logs` asset's log serves. Named on the log (`trainingData`:
 * a training-set asset, or a file): a file that is missing or unreadable stops the review (exit 2). Not named: the
 * `trainedOn` data of the models that `logsTo` the asset, when exactly one data asset with a local data file is
 * found; one that cannot be read is reported in the evidence, not an error (a text corpus is no table of features).
 * Fingerprinted once per file (`cache`), whichever logs share it.
 */
export async function trainingDataFor(asset: Asset, index: number, root: string, assets: readonly Asset[], cache: Map<string, Promise<TrainingRecords>>): Promise<LogTraining> {
  const log = (asset.logs ?? [])[index] as LogSource;
  const where = { file: asset.source.file, ...(asset.source.line !== undefined ? { line: asset.source.line } : {}), path: `${asset.id}.logs[${index}].trainingData` };
  if (log.trainingData !== undefined) {
    const source = namedSource(log.trainingData, asset, root, assets);
    if ('missing' in source) throw inputError(`the training data of ${log.path} cannot be read: ${source.missing}`, where, HOW);
    try {
      return { given: { records: await fingerprinted(source, cache), from: source.shown } };
    } catch (error) {
      if (!(error instanceof RampartError)) throw error;
      throw inputError(`the training data of ${log.path} (${source.shown}) cannot be read: ${error.message}`, where, error.hint ?? HOW);
    }
  }
  const models = assets.filter((a) => a.relations.logsTo?.includes(asset.id));
  const trainedOn = [...new Set(models.flatMap((m) => m.relations.trainedOn ?? []))].map((id) => assets.find((a) => a.id === id)).filter((a): a is Asset => a?.element === 'data');
  if (trainedOn.length === 0) return { missing: `no training records: no model that logs here names its training data (relations.trainedOn); ${HOW}` };
  if (trainedOn.length > 1) return { missing: `no training records: the models that log here were trained on ${trainedOn.map((a) => a.id).join(', ')}; ${HOW}` };
  const source = artifactSource(trainedOn[0] as Asset, root);
  if ('missing' in source) return { missing: `no training records: ${source.missing}; ${HOW}` };
  try {
    return { given: { records: await fingerprinted(source, cache), from: source.shown } };
  } catch (error) {
    if (!(error instanceof RampartError)) throw error;
    return { missing: `no training records: ${source.shown} cannot be fingerprinted (${error.message}); ${HOW}` };
  }
}

function namedSource(named: NonNullable<LogSource['trainingData']>, asset: Asset, root: string, assets: readonly Asset[]): Source | { missing: string } {
  if (typeof named !== 'string') {
    // Files on a log are relative to the inventory file, as the log's own path is.
    return { file: resolve(root, dirname(asset.source.file), named.path), label: named.label, shown: named.path };
  }
  const data = assets.find((a) => a.id === named);
  return data ? artifactSource(data, root) : { missing: `no asset has the id "${named}"` };
}

/** A data asset's first local data file (read as the dataset checks read it: relative to the inventory's root). */
function artifactSource(data: Asset, root: string): Source | { missing: string } {
  const local = data.artifacts.find((a) => !URI.test(a.path) && /\.(csv|tsv|tab|jsonl|ndjson|parquet|pq|npy|npz|json)$/i.test(a.path));
  if (!local) {
    const remote = data.artifacts.map((a) => a.path).slice(0, 2);
    return { missing: `${data.id} has no local data file${remote.length > 0 ? ` (it names ${remote.join(', ')})` : ''}` };
  }
  return { file: resolve(root, local.path), label: local.label, shown: `${local.path} (${data.id})` };
}

async function fingerprinted(source: Source, cache: Map<string, Promise<TrainingRecords>>): Promise<TrainingRecords> {
  const key = `${source.file}\u0000${source.label ?? ''}`;
  let records = cache.get(key);
  if (!records) {
    records = read(source);
    cache.set(key, records);
  }
  return records;
}

async function read(source: Source): Promise<TrainingRecords> {
  const info = await stat(source.file).catch(() => undefined);
  if (!info?.isFile()) throw inputError(`${info ? 'not a file' : 'no such file'}: ${source.file}`, { file: source.file });
  // Loaded on use: the dataset readers (and the Parquet library) are not for a review that names no training data.
  const { readTrainingRecords } = await import('../../monitor/training-set/read-training-records.ts');
  return readTrainingRecords(source.file, source.label);
}
