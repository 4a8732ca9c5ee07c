import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { parse as parseYaml } from 'yaml';
import { inputError } from '../../errors.ts';
import { normaliseName } from '../names.ts';
import type { Ecosystem } from '../types.ts';
import { OsvAdvisory } from './schema.ts';

/** Loaded advisories, indexed by ecosystem and normalised package name. */
export interface AdvisoryData {
  /** Where they came from, for every result. */
  source: string;
  /** How current the data is: when it was fetched (cache), else the newest `modified` in it. */
  asOf: string | undefined;
  count: number;
  /** Entries that were not OSV advisories: counted and named, never fatal. */
  rejected: { entry: string; problem: string }[];
  byPackage: Map<string, OsvAdvisory[]>;
}

export const packageKey = (ecosystem: string, name: string): string => `${ecosystem}\u0000${ecosystem === 'PyPI' || ecosystem === 'npm' ? normaliseName(ecosystem as Ecosystem, name) : name}`;

export interface LoadOptions {
  /** When the data was fetched (the cache knows); else the newest `modified` in it dates the data. */
  fetchedAt?: string;
  /**
   * Package keys (`packageKey`) the caller will look up. Advisories about other packages are counted but not
   * validated or indexed: a full ecosystem export is tens of thousands of entries, a lock file a few hundred.
   */
  wanted?: ReadonlySet<string>;
}

const keysOf = (raw: unknown): string[] => {
  const affected = (raw as { affected?: unknown } | null)?.affected;
  if (!Array.isArray(affected)) return [];
  return affected.flatMap((a: { package?: { ecosystem?: unknown; name?: unknown } }) => (typeof a?.package?.ecosystem === 'string' && typeof a.package.name === 'string' ? [packageKey(a.package.ecosystem, a.package.name)] : []));
};

/** Reads OSV advisories from a folder (JSON or YAML files, any depth) or a zip (an OSV ecosystem export). */
export async function loadAdvisories(path: string, options: LoadOptions = {}): Promise<AdvisoryData> {
  const { fetchedAt, wanted } = options;
  const info = await stat(path).catch(() => undefined);
  if (!info) throw inputError('no advisory data here', { file: path }, 'run `rampart advisories update`, or pass --advisories with a folder or zip of OSV advisories');
  const data: AdvisoryData = { source: path, asOf: fetchedAt, count: 0, rejected: [], byPackage: new Map() };
  let newest = '';
  const add = (entry: string, text: string, yaml: boolean): void => {
    let raw: unknown;
    try {
      raw = yaml ? parseYaml(text) : JSON.parse(text);
    } catch (error) {
      data.rejected.push({ entry, problem: `not ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}` });
      return;
    }
    if (wanted && typeof (raw as { id?: unknown } | null)?.id === 'string' && !keysOf(raw).some((key) => wanted.has(key))) {
      data.count += 1;
      const modified = (raw as { modified?: unknown }).modified;
      if (typeof modified === 'string' && modified > newest) newest = modified;
      return;
    }
    const parsed = OsvAdvisory.safeParse(raw);
    if (!parsed.success) {
      data.rejected.push({ entry, problem: `not an OSV advisory: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      return;
    }
    const advisory = parsed.data;
    if (advisory.withdrawn) return;
    data.count += 1;
    if (advisory.modified && advisory.modified > newest) newest = advisory.modified;
    const keys = new Set(advisory.affected.flatMap((a) => (a.package ? [packageKey(a.package.ecosystem, a.package.name)] : [])));
    for (const key of keys) {
      const list = data.byPackage.get(key);
      if (list) list.push(advisory);
      else data.byPackage.set(key, [advisory]);
    }
  };
  if (info.isDirectory()) {
    for (const file of await listFiles(path)) add(file, await readFile(file, 'utf8'), /\.ya?ml$/i.test(file));
  } else if (extname(path).toLowerCase() === '.zip') {
    let members: Record<string, Uint8Array>;
    try {
      members = unzipSync(await readFile(path), { filter: (member) => /\.(json|ya?ml)$/i.test(member.name) });
    } catch (error) {
      throw inputError(`not a readable zip: ${(error as Error).message}`, { file: path }, 'download the ecosystem export again (`rampart advisories update`)');
    }
    const decoder = new TextDecoder();
    for (const [name, bytes] of Object.entries(members)) add(`${path}!${name}`, decoder.decode(bytes), /\.ya?ml$/i.test(name));
  } else {
    throw inputError('advisory data must be a folder or a .zip of OSV advisories', { file: path });
  }
  data.asOf ??= newest || undefined;
  return data;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile() && /\.(json|ya?ml)$/i.test(entry.name)) out.push(path);
  }
  return out;
}
