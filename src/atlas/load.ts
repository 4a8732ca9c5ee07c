import { fileURLToPath } from 'node:url';
import { readSourceFile } from '../util/yaml-source.ts';
import { parseWith } from '../util/zod-input.ts';
import { buildAtlas, type Atlas } from './atlas.ts';
import { AtlasRelease } from './schema.ts';

/** The release shipped with Rampart (see NOTICE). */
export const BUNDLED_ATLAS_FILE = fileURLToPath(new URL('../../data/atlas/ATLAS-5.6.0.yaml', import.meta.url));
export const BUNDLED_ATLAS_VERSION = '5.6.0';

const cache = new Map<string, Promise<Atlas>>();

export async function loadAtlas(file: string = BUNDLED_ATLAS_FILE): Promise<Atlas> {
  let pending = cache.get(file);
  if (!pending) {
    pending = readAtlas(file);
    cache.set(file, pending);
    pending.catch(() => cache.delete(file));
  }
  return pending;
}

async function readAtlas(file: string): Promise<Atlas> {
  const source = await readSourceFile(file, 'ATLAS release');
  const release = parseWith(AtlasRelease, source, 'not an ATLAS release', 'pass the ATLAS.yaml of an official ATLAS data release (atlas-data dist/ATLAS.yaml)');
  return buildAtlas(release);
}
