import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RampartError } from '../errors.ts';
import { advisoryCacheDir, readCacheIndex, type CachedExport } from './advisory-source.ts';
import { loadAdvisories } from './osv/load.ts';

/** OSV publishes one zip of every advisory per ecosystem. */
export const OSV_EXPORT_URL = 'https://osv-vulnerabilities.storage.googleapis.com/{ecosystem}/all.zip';

/**
 * `rampart advisories update`: downloads each ecosystem's OSV export into the cache, checks it reads as OSV,
 * and records when it was fetched. Written to a temporary name and renamed, so a failed download never
 * replaces good data.
 */
export async function updateAdvisories(options: { ecosystems: readonly string[]; urlTemplate?: string; env?: NodeJS.ProcessEnv; now: () => Date; fetchImpl?: typeof fetch }): Promise<CachedExport[]> {
  const dir = advisoryCacheDir(options.env);
  await mkdir(dir, { recursive: true });
  const index = new Map((await readCacheIndex(dir)).map((e) => [e.ecosystem, e]));
  const fetched: CachedExport[] = [];
  for (const ecosystem of options.ecosystems) {
    const url = (options.urlTemplate ?? OSV_EXPORT_URL).replace('{ecosystem}', encodeURIComponent(ecosystem));
    let bytes: Uint8Array;
    try {
      const response = await (options.fetchImpl ?? fetch)(url, { signal: AbortSignal.timeout(300_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw new RampartError('target', `could not download the ${ecosystem} advisories from ${url}: ${(error as Error).message}`, {}, 'check the network (or a proxy); on an air-gapped site copy the OSV export and pass --advisories to `rampart deps scan`');
    }
    const file = `${ecosystem}.zip`;
    const partial = join(dir, `${ecosystem}.partial.zip`);
    await writeFile(partial, bytes);
    const data = await loadAdvisories(partial);
    if (data.count === 0) throw new RampartError('target', `the ${ecosystem} download from ${url} holds no OSV advisories`, { file: partial }, 'check the URL; the cache was left as it was');
    await rename(partial, join(dir, file));
    const entry: CachedExport = { ecosystem, file, url, fetchedAt: options.now().toISOString(), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), advisories: data.count };
    index.set(ecosystem, entry);
    fetched.push(entry);
  }
  await writeFile(join(dir, 'index.json.partial'), JSON.stringify({ exports: [...index.values()] }, null, 2));
  await rename(join(dir, 'index.json.partial'), join(dir, 'index.json'));
  return fetched;
}
