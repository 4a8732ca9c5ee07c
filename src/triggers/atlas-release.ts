import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Atlas } from '../atlas/atlas.ts';
import { diffAtlas } from '../atlas/diff.ts';
import { BUNDLED_ATLAS_FILE, BUNDLED_ATLAS_VERSION, loadAtlas } from '../atlas/load.ts';
import type { Executor } from '../store/executor.ts';

/** Techniques a release brought that an organisation's latest review did not assess (it used an older release). */
export interface AtlasFlag {
  organisation: string;
  reviewedUnder: string;
  atlasVersion: string;
  techniques: string[];
}

/** Where the server keeps the ATLAS releases added to it: `<dir>/ATLAS-<version>.yaml`. */
export const releaseFile = (dir: string, version: string): string => join(dir, `ATLAS-${version}.yaml`);

/** A release the server has: one added to `dir`, or the bundled one. */
export async function loadRelease(dir: string, version: string): Promise<Atlas | undefined> {
  if (version === BUNDLED_ATLAS_VERSION) return loadAtlas(BUNDLED_ATLAS_FILE);
  return loadAtlas(releaseFile(dir, version)).catch(() => undefined);
}

/** Keep a parsed release (validated by loadAtlas before this) among the server's releases. */
export async function keepRelease(dir: string, file: string, release: Atlas): Promise<void> {
  await mkdir(dir, { recursive: true });
  await copyFile(file, releaseFile(dir, release.version));
}

/**
 * For every organisation whose latest review used an older release: the techniques the new release added since that
 * one (src/atlas/diff.ts), recorded as "new, not yet assessed" until a review under the new release. A release the
 * server does not have is compared from the bundled one.
 */
export async function flagNewTechniques(exec: Executor, release: Atlas, older: (version: string) => Promise<Atlas | undefined>): Promise<AtlasFlag[]> {
  const latest = await exec.executeSql(
    `select distinct on (organisation) organisation, atlas_version from review order by organisation, id desc`,
    [],
  );
  const flags: AtlasFlag[] = [];
  for (const row of latest.rows) {
    const [organisation, reviewedUnder] = [String(row.organisation), String(row.atlas_version)];
    if (reviewedUnder === release.version) continue;
    const before = (await older(reviewedUnder)) ?? (await loadAtlas(BUNDLED_ATLAS_FILE));
    const techniques = diffAtlas(before, release).techniques.added;
    if (techniques.length === 0) continue;
    await exec.executeSql(
      `insert into atlas_flag (organisation, atlas_version, techniques) values ($1, $2, $3::jsonb) on conflict (organisation, atlas_version) do update set techniques = excluded.techniques`,
      [organisation, release.version, JSON.stringify(techniques)],
    );
    flags.push({ organisation, reviewedUnder, atlasVersion: release.version, techniques });
  }
  return flags;
}

/** Flags still open: an organisation reviewed under the flagged release since is no longer flagged for it. */
export async function openFlags(exec: Executor): Promise<Omit<AtlasFlag, 'reviewedUnder'>[]> {
  const rows = await exec.executeSql(
    `select f.organisation, f.atlas_version, f.techniques from atlas_flag f
     where not exists (select 1 from review r where r.organisation = f.organisation and r.atlas_version = f.atlas_version)
     order by f.organisation, f.atlas_version`,
    [],
  );
  return rows.rows.map((r) => ({ organisation: String(r.organisation), atlasVersion: String(r.atlas_version), techniques: r.techniques as string[] }));
}
