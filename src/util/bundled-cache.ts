import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Parsing the bundled ATLAS release as YAML costs about half a second (it is 450 KB); the same data as JSON parses in
 * milliseconds. `npm run build` writes each bundled data file's parsed content to data/cache/ with the SHA-256 of
 * the text it came from, and a read of that file uses the cache only while the hash matches: an edited data file
 * is simply parsed again. User files (inventories, other ATLAS releases) never come from here.
 */
const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));
export const CACHE_DIR = join(DATA_DIR, 'cache');

export function cacheFileFor(file: string): string | undefined {
  const inData = relative(DATA_DIR, resolve(file));
  if (inData === '' || inData.startsWith('..') || isAbsolute(inData) || inData.startsWith('cache')) return undefined;
  return join(CACHE_DIR, `${inData.replace(/[\\/]/g, '__')}.json`);
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** The cached data for a bundled file whose text is `text`, or undefined when there is none or it is stale. */
export async function readCached(file: string, text: string): Promise<{ data: unknown } | undefined> {
  const cache = cacheFileFor(file);
  if (!cache) return undefined;
  let stored: unknown;
  try {
    stored = JSON.parse(await readFile(cache, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof stored !== 'object' || stored === null || (stored as { sha256?: unknown }).sha256 !== hashOf(text) || !('data' in stored)) return undefined;
  return { data: (stored as { data: unknown }).data };
}

export async function writeCache(file: string, text: string, data: unknown): Promise<string> {
  const cache = cacheFileFor(file);
  if (!cache) throw new Error(`${file} is not bundled data`);
  await mkdir(dirname(cache), { recursive: true });
  await writeFile(cache, JSON.stringify({ sha256: hashOf(text), data }));
  return cache;
}
