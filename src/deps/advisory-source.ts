import { readFile, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { inputError } from '../errors.ts';
import { loadAdvisories, type AdvisoryData } from './osv/load.ts';

/** Where `rampart advisories update` keeps the OSV exports: `RAMPART_CACHE_DIR`, else the user's cache folder. */
export function advisoryCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.RAMPART_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'rampart');
  return join(base, 'advisories');
}

/** What the cache index records per ecosystem export. */
export interface CachedExport {
  ecosystem: string;
  file: string;
  url: string;
  fetchedAt: string;
  bytes: number;
  sha256: string;
  advisories: number;
}

export async function readCacheIndex(dir: string): Promise<CachedExport[]> {
  const text = await readFile(join(dir, 'index.json'), 'utf8').catch(() => undefined);
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as { exports?: CachedExport[] };
    return Array.isArray(parsed.exports) ? parsed.exports : [];
  } catch {
    return [];
  }
}

/**
 * The advisory data a scan uses: the folder or zip the user named (or `RAMPART_ADVISORIES`), else every export
 * in the cache (the oldest fetch dates the whole). No data is an input error with the way to get some, never an empty "clean".
 */
export async function openAdvisories(named: string | undefined, env: NodeJS.ProcessEnv = process.env, wanted?: ReadonlySet<string>): Promise<AdvisoryData> {
  const chosen = named ?? env.RAMPART_ADVISORIES;
  if (chosen) return loadAdvisories(chosen, { ...(wanted ? { wanted } : {}) });
  const dir = advisoryCacheDir(env);
  const cached = await readCacheIndex(dir);
  const present = new Set(await readdir(dir).catch(() => [] as string[]));
  const usable = cached.filter((c) => present.has(c.file));
  if (usable.length === 0) {
    throw inputError('no advisory data: the cache is empty', { file: dir }, 'run `rampart advisories update` (needs network), or pass --advisories DIR|ZIP with a local copy of the OSV exports');
  }
  const parts = await Promise.all(usable.map((c) => loadAdvisories(join(dir, c.file), { fetchedAt: c.fetchedAt, ...(wanted ? { wanted } : {}) })));
  const merged: AdvisoryData = { source: usable.map((c) => `${c.ecosystem} (${c.url})`).join(', '), asOf: usable.map((c) => c.fetchedAt).sort()[0], count: 0, rejected: [], byPackage: new Map() };
  for (const part of parts) {
    merged.count += part.count;
    merged.rejected.push(...part.rejected);
    for (const [key, list] of part.byPackage) merged.byPackage.set(key, [...(merged.byPackage.get(key) ?? []), ...list]);
  }
  return merged;
}
