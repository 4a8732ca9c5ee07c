import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { inputError } from '../../errors.ts';
import { RecordFingerprints } from '../../data/provenance/manifest.ts';
import { openDataset, type DatasetReader } from '../../data/readers/index.ts';
import { TrainingNeighbours } from './training-neighbours.ts';
import { DEFAULT_RESOLUTION, DEFAULT_SALT, TrainingRecords, gridFor } from './training-records.ts';



export interface FingerprintOptions {
  label?: string;
  resolution?: number;
  salt?: number;
  /** Keep the records for distances too (default); a manifest, which holds only fingerprints, does not need them. */
  neighbours?: boolean;
}

/** Fingerprints of a dataset file's records (CSV, TSV, JSON Lines, Parquet, NumPy): two reads, the ranges then the cells. */
export async function fingerprintDataset(file: string, options: FingerprintOptions = {}): Promise<{ records: TrainingRecords; summary: RecordFingerprints }> {
  const resolution = options.resolution ?? DEFAULT_RESOLUTION;
  const salt = options.salt ?? DEFAULT_SALT;
  const first = await openDataset(file);
  const features = featureColumns(first, file, options.label);
  const min = new Float64Array(features.length).fill(Infinity);
  const max = new Float64Array(features.length).fill(-Infinity);
  let rows = 0;
  await eachRecord(first, file, features, (x) => {
    rows++;
    for (let j = 0; j < x.length; j++) {
      if ((x[j] as number) < (min[j] as number)) min[j] = x[j] as number;
      if ((x[j] as number) > (max[j] as number)) max[j] = x[j] as number;
    }
  });
  if (rows === 0) throw inputError('the training data has no rows', { file }, 'name the file the model was trained on');
  const records = new TrainingRecords(gridFor(min, max, resolution, salt));
  const neighbours = options.neighbours === false ? undefined : new TrainingNeighbours(Float64Array.from(min, (m, j) => (max[j] as number) - m));
  await eachRecord(await openDataset(file), file, features, (x) => {
    records.add(x);
    neighbours?.add(x);
  });
  records.neighbours = neighbours;
  const columns = features.map((f) => f.name);
  const summary: RecordFingerprints = { columns, ...(options.label !== undefined ? { label: options.label } : {}), rows, resolution, salt, steps: [...records.grid.steps], fingerprints: packFingerprints(records) };
  return { records, summary };
}

/**
 * The training records `rampart monitor --training-data FILE` names: a dataset file, or a data manifest (JSON)
 * written with `--records` (every file in it that carries fingerprints, one grid for all).
 */
export async function readTrainingRecords(file: string, label?: string): Promise<TrainingRecords> {
  if (!/\.json$/i.test(file)) return (await fingerprintDataset(file, label !== undefined ? { label } : {})).records;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw inputError(`cannot read the training data: ${error.code ?? error.message}`, { file });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw inputError(`the training manifest is not JSON: ${(error as Error).message}`, { file }, 'name a file written by rampart data manifest --records --out');
  }
  const parsed = z.object({ files: z.array(z.object({ path: z.string(), records: RecordFingerprints.optional() }).passthrough()) }).safeParse(json);
  const withRecords = parsed.success ? parsed.data.files.filter((f) => f.records) : [];
  if (withRecords.length === 0) throw inputError('the manifest carries no record fingerprints', { file }, 'write it with rampart data manifest TRAIN.csv --label COLUMN --records --out FILE');
  const first = withRecords[0]?.records as RecordFingerprints;
  const records = new TrainingRecords({ steps: first.steps, salt: first.salt });
  for (const f of withRecords) {
    const r = f.records as RecordFingerprints;
    if (r.salt !== first.salt || r.steps.length !== first.steps.length || r.steps.some((s, j) => s !== first.steps[j])) {
      throw inputError(`${f.path}'s fingerprints were made on another grid than ${withRecords[0]?.path}'s`, { file }, 'fingerprint one training file per manifest, or the files together as one');
    }
    for (const k of unpackFingerprints(r.fingerprints)) records.addFingerprint(k);
  }
  return records;
}

export function packFingerprints(records: TrainingRecords): string {
  const buffer = Buffer.alloc(records.size * 8);
  let at = 0;
  for (const k of records.fingerprints()) {
    buffer.writeUInt32BE(Math.floor(k / 2 ** 32), at);
    buffer.writeUInt32BE(k % 2 ** 32, at + 4);
    at += 8;
  }
  return buffer.toString('base64');
}

export function unpackFingerprints(text: string): number[] {
  const buffer = Buffer.from(text, 'base64');
  const out: number[] = [];
  for (let at = 0; at + 8 <= buffer.length; at += 8) out.push(buffer.readUInt32BE(at) * 2 ** 32 + buffer.readUInt32BE(at + 4));
  return out;
}

function featureColumns(reader: DatasetReader, file: string, label: string | undefined): { name: string; index: number }[] {
  const columns = reader.schema.columns;
  if (label !== undefined && !columns.some((c) => c.name === label)) {
    void reader.close();
    throw inputError(`the label column "${label}" is not a column of the training data`, { file }, `its columns: ${columns.slice(0, 20).map((c) => c.name).join(', ')}`);
  }
  const features = columns.map((c, index) => ({ ...c, index })).filter((c) => c.name !== label);
  const text = features.find((c) => c.type !== 'number');
  if (text) {
    void reader.close();
    throw inputError(`column "${text.name}" of the training data is not numeric: records are matched on numeric features`, { file }, 'name the label column with --training-label, or give the features as the model receives them');
  }
  return features;
}

async function eachRecord(reader: DatasetReader, file: string, features: { name: string; index: number }[], visit: (x: Float64Array) => void): Promise<void> {
  const x = new Float64Array(features.length);
  for await (const batch of reader.batches()) {
    for (const [r, row] of batch.rows.entries()) {
      for (let j = 0; j < features.length; j++) {
        const cell = row[(features[j] as { index: number }).index];
        if (typeof cell !== 'number') throw inputError(`row ${batch.firstRow + r + 1} has no value for feature "${features[j]?.name}"`, { file, ...(batch.lines?.[r] !== undefined ? { line: batch.lines[r] } : {}) }, 'fill or drop incomplete rows before fingerprinting');
        x[j] = cell;
      }
      visit(x);
    }
  }
}
