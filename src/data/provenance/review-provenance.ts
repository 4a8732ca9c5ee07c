import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { Evidence } from '../../checks/contract.ts';
import { RampartError } from '../../errors.ts';
import type { Asset } from '../../inventory/asset.ts';
import { buildManifest } from './build-manifest.ts';
import { compareManifests, type FileChange } from './compare.ts';
import { provenanceEvidence } from './evidence.ts';
import type { FileManifest } from './manifest.ts';

/** What a review records about its data files (`review.json` → `dataProvenance`, the reports' data section). */
export interface DataProvenance {
  /** The reviews whose manifests were compared with (one per file; usually the previous review). */
  baselineReviews: number[];
  files: FileChange[];
}

export interface PreviousManifest {
  reviewId: number;
  assetId: string;
  manifest: FileManifest;
}

export interface ProvenanceContext {
  /** The inventory folder: artifact paths are relative to it. */
  root: string;
  /**
   * Each file's latest manifest among the organisation's stored reviews; asked once, and only when a data asset names
   * a local file (asking may wait for the store to open).
   */
  previous: () => Promise<readonly PreviousManifest[]>;
  clock: () => Date;
}

export interface ProvenanceRun {
  section: DataProvenance;
  evidence: Evidence[];
  /** To store with the review. */
  manifests: { assetId: string; manifest: FileManifest }[];
}

const URI = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * For every local file a data asset names (`artifacts`, files or folders of files): build its manifest, compare it
 * with the previous one, and turn what changed into evidence on the asset. A file that cannot be read is reported
 * (and given `error` evidence) rather than stopping the review.
 */
export async function recordDataProvenance(assets: readonly Asset[], context: ProvenanceContext): Promise<ProvenanceRun> {
  let previous: Map<string, PreviousManifest> | undefined;
  const trainedBy = trainers(assets);
  const run: ProvenanceRun = { section: { baselineReviews: [], files: [] }, evidence: [], manifests: [] };
  const baselines = new Set<number>();
  for (const asset of assets.filter((a) => a.element === 'data')) {
    for (const artifact of asset.artifacts) {
      if (URI.test(artifact.path)) continue;
      previous ??= new Map((await context.previous()).map((p) => [key(p.assetId, p.manifest.path), p]));
      for (const path of await filesOf(context.root, artifact.path)) {
        const startedAt = context.clock().toISOString();
        const before = previous.get(key(asset.id, path));
        if (before) baselines.add(before.reviewId);
        const change = await fileChange(isAbsolute(path) ? path : join(context.root, path), path, artifact, before?.manifest, run, asset.id);
        run.section.files.push(change);
        run.evidence.push(...provenanceEvidence(change, trainedBy.get(asset.id) ?? [], { startedAt, finishedAt: context.clock().toISOString() }, before?.reviewId));
      }
    }
  }
  run.section.baselineReviews = [...baselines].sort((a, b) => a - b);
  return run;
}

async function fileChange(file: string, path: string, artifact: Asset['artifacts'][number], before: FileManifest | undefined, run: ProvenanceRun, assetId: string): Promise<FileChange> {
  if (!existsSync(file)) {
    const change = compareManifests(before, undefined);
    return { ...change, path, assetId, appendOnly: artifact.appendOnly ?? change.appendOnly, ...(before ? {} : { status: 'missing', note: 'not found; nothing recorded' }) };
  }
  try {
    const built = await buildManifest(file, {
      path,
      appendOnly: artifact.appendOnly ?? false,
      ...(artifact.label !== undefined ? { label: artifact.label } : {}),
      // The previous chunking, so chunks compare one to one; a changed `chunkRows` takes effect from the next baseline.
      ...((before?.chunkRows ?? artifact.chunkRows) !== undefined ? { chunkRows: before?.chunkRows ?? artifact.chunkRows } : {}),
      ...(before?.rows !== undefined ? { cutAt: before.rows } : {}),
    });
    run.manifests.push({ assetId, manifest: built.manifest });
    return { ...compareManifests(before, built.manifest, built.cut), assetId };
  } catch (error) {
    // One unreadable file (malformed, unreadable, a folder where a file was) is reported; the review goes on.
    const note = error instanceof RampartError ? (error.describe().split('\n')[0] ?? error.message) : `${path}: ${(error as Error).message}`;
    return { ...compareManifests(before, undefined), path, assetId, appendOnly: artifact.appendOnly ?? false, status: 'unreadable', violation: false, note };
  }
}

/** The files an artifact names: itself, or every file under a folder, as paths relative to the inventory folder. */
async function filesOf(root: string, path: string): Promise<string[]> {
  const full = isAbsolute(path) ? path : join(root, path);
  const info = await stat(full).catch(() => undefined);
  if (!info?.isDirectory()) return [path];
  const entries = await readdir(full, { recursive: true, withFileTypes: true }).catch(() => undefined);
  // A folder that cannot be listed is reported as the artifact itself, unreadable.
  if (!entries) return [path];
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/** Data asset id → the models trained on it. */
function trainers(assets: readonly Asset[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const asset of assets) {
    for (const data of asset.relations.trainedOn ?? []) out.set(data, [...(out.get(data) ?? []), asset.id]);
  }
  return out;
}

function key(assetId: string, path: string): string {
  return `${assetId}\u0000${path}`;
}
