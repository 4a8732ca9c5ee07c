import { compareManifests, type FileChange } from './compare.ts';
import type { FileManifest } from './manifest.ts';

interface Recorded {
  assetId: string;
  manifest: FileManifest;
}

/**
 * Two stored reviews' data files compared (`review diff`): from their manifests alone, the files need not be there.
 * Rows are located by the stored leaf hashes; a newer manifest built against the older one carries the hashes at the
 * older row count, so appends into a partial chunk are told apart from edits exactly as the review did.
 */
export function diffManifests(older: readonly Recorded[], newer: readonly Recorded[]): FileChange[] {
  const key = (r: Recorded) => `${r.assetId}\u0000${r.manifest.path}`;
  const before = new Map(older.map((r) => [key(r), r]));
  const out: FileChange[] = [];
  for (const r of newer) {
    const old = before.get(key(r));
    before.delete(key(r));
    out.push({ ...compareManifests(old?.manifest, r.manifest), assetId: r.assetId });
  }
  // Files the older review recorded and the newer did not: gone, or no longer named by the inventory.
  for (const r of before.values()) out.push({ ...compareManifests(r.manifest, undefined), assetId: r.assetId, note: 'not recorded by the newer review (the file is gone or the inventory no longer names it)' });
  return out;
}
