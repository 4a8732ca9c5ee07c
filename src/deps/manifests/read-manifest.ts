import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { inputError } from '../../errors.ts';
import type { ManifestRead } from '../types.ts';
import { readCondaEnvironment } from './conda.ts';
import { readCycloneDx } from './cyclonedx.ts';
import { readTomlLock } from './lock-files.ts';
import { readPackageLock } from './package-lock.ts';
import { readPipfileLock } from './pipfile-lock.ts';
import { readPyproject } from './pyproject.ts';
import { readRequirements } from './requirements.ts';

export type ManifestFormat = 'requirements' | 'pyproject' | 'poetry-lock' | 'uv-lock' | 'pipfile-lock' | 'conda' | 'package-lock' | 'cyclonedx';

/** The format a file name says, for files found in folders (strict) or named by the user (any `.txt` is pip's). */
export function formatOf(file: string, named: boolean): ManifestFormat | undefined {
  const name = basename(file).toLowerCase();
  if (name === 'pyproject.toml') return 'pyproject';
  if (name === 'poetry.lock') return 'poetry-lock';
  if (name === 'uv.lock') return 'uv-lock';
  if (name === 'pipfile.lock') return 'pipfile-lock';
  if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json') return 'package-lock';
  if (/^(environment|conda)([.-].*)?\.ya?ml$/.test(name)) return 'conda';
  if (name === 'bom.json' || name === 'sbom.json' || name.endsWith('.cdx.json')) return 'cyclonedx';
  if (/^(requirements|constraints).*\.(txt|in)$/.test(name) || name.endsWith('.requirements.txt')) return 'requirements';
  if (named && name.endsWith('.txt')) return 'requirements';
  return undefined;
}

/** Reads one manifest; `seen` holds the requirements files already read (an included file is read once). */
export async function readManifest(file: string, format: ManifestFormat, seen = new Set<string>()): Promise<ManifestRead> {
  if (format === 'requirements') return readRequirements(file, seen);
  const source = await readFile(file, 'utf8');
  switch (format) {
    case 'pyproject':
      return readPyproject(file, source);
    case 'poetry-lock':
    case 'uv-lock':
      return readTomlLock(file, source);
    case 'pipfile-lock':
      return readPipfileLock(file, source);
    case 'conda':
      return readCondaEnvironment(file, source);
    case 'package-lock':
      return readPackageLock(file, source);
    case 'cyclonedx':
      return readCycloneDx(file, source);
  }
}

const skipped = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', '.tox', 'site-packages']);

/** The manifests under the given paths: files as named, folders searched for the known manifest names. */
export async function findManifests(paths: readonly string[]): Promise<{ file: string; format: ManifestFormat }[]> {
  const found: { file: string; format: ManifestFormat }[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !skipped.has(entry.name)) await walk(path);
      const format = entry.isFile() ? formatOf(path, false) : undefined;
      if (format) found.push({ file: path, format });
    }
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw inputError('no such file or folder', { file: path }, 'name a manifest (requirements.txt, pyproject.toml, a lock file, environment.yml, a CycloneDX SBOM) or a folder holding some');
    if (info.isDirectory()) await walk(path);
    else {
      const format = formatOf(path, true);
      if (!format) throw inputError('not a manifest Rampart reads', { file: path }, 'supported: requirements*.txt, pyproject.toml, poetry.lock, uv.lock, Pipfile.lock, environment.yml, package-lock.json, *.cdx.json / bom.json');
      found.push({ file: path, format });
    }
  }
  return found;
}
