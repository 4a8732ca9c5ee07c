import { createHash } from 'node:crypto';
import { access, mkdir, stat, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';
import { badRequest, notFound } from '../http-error.ts';
import { serverDb } from '../tables.ts';

/**
 * Inventories the server reviews: a folder it can read (registered by path, by an admin; only under the allowed
 * roots when the server has some), or YAML files uploaded into the store (so every server and worker on the same
 * PostgreSQL sees them). An upload is written to a private temporary folder, named by its content's hash, when
 * a review needs it.
 */
export interface InventorySource {
  id: number;
  name: string;
  kind: 'path' | 'upload';
  path: string | undefined;
  files: string[];
  createdBy: string;
  createdAt: string;
}

export async function registerFolder(store: Store, input: { name: string; path: string; createdBy: string }, roots: readonly string[] | undefined): Promise<InventorySource> {
  const path = resolve(input.path);
  const outside = outsideRoots(path, roots);
  if (outside) throw badRequest(outside, `register a folder under ${roots?.join(', ')}`);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw badRequest(`${path} is not a folder the server can see`, 'give the absolute path of an inventory folder on the server');
  await access(path, constants.R_OK).catch(() => {
    throw badRequest(`the server cannot read ${path}`, 'make the folder readable by the server');
  });
  await checkFreeName(store, input.name);
  const row = await serverDb(store).insertInto('inventory_source').values({ name: input.name, kind: 'path', path, created_by: input.createdBy }).returningAll().executeTakeFirstOrThrow();
  return { ...toSource(row), files: [] };
}

export async function uploadFiles(store: Store, input: { name: string; files: readonly { name: string; content: string }[]; createdBy: string }): Promise<InventorySource> {
  for (const file of input.files) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.(ya?ml|json)$/.test(file.name)) throw badRequest(`"${file.name}" is not an inventory file name`, 'plain file names ending .yaml, .yml or .json (no folders)');
  }
  await checkFreeName(store, input.name);
  return store.db.transaction().execute(async (tx) => {
    const db = serverDb({ ...store, db: tx });
    const row = await db.insertInto('inventory_source').values({ name: input.name, kind: 'upload', path: null, created_by: input.createdBy }).returningAll().executeTakeFirstOrThrow();
    await db.insertInto('inventory_file').values(input.files.map((f) => ({ inventory_id: row.id, name: f.name, content: f.content }))).execute();
    return { ...toSource(row), files: input.files.map((f) => f.name) };
  });
}

export async function listSources(store: Store): Promise<InventorySource[]> {
  const rows = await read(store, () => serverDb(store).selectFrom('inventory_source').selectAll().orderBy('id').execute());
  const files = await read(store, () => serverDb(store).selectFrom('inventory_file').select(['inventory_id', 'name']).orderBy('name').execute());
  return rows.map((row) => ({ ...toSource(row), files: files.filter((f) => f.inventory_id === row.id).map((f) => f.name) }));
}

export async function getSource(store: Store, id: number): Promise<InventorySource> {
  const found = (await listSources(store)).find((s) => s.id === id);
  if (!found) throw notFound(`inventory ${id}`);
  return found;
}

/** The folder a review reads: the registered one, or the uploaded files written out. */
export async function inventoryFolder(store: Store, source: InventorySource): Promise<string> {
  if (source.kind === 'path') return source.path as string;
  const files = await read(store, () => serverDb(store).selectFrom('inventory_file').select(['name', 'content']).where('inventory_id', '=', source.id).orderBy('name').execute());
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.name).update('\0').update(f.content).update('\0');
  const dir = join(tmpdir(), 'rampart-inventories', `${source.id}-${hash.digest('hex').slice(0, 16)}`, slug(source.name));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const f of files) await writeFile(join(dir, basename(f.name)), f.content);
  return dir;
}

async function checkFreeName(store: Store, name: string): Promise<void> {
  const taken = await read(store, () => serverDb(store).selectFrom('inventory_source').select('id').where('name', '=', name).executeTakeFirst());
  if (taken) throw badRequest(`an inventory named "${name}" is already registered`, 'choose another name');
}

/** Why the server may not read `path` under `--inventory-root` (undefined: it may; no roots: anywhere). */
export function outsideRoots(path: string, roots: readonly string[] | undefined): string | undefined {
  const absolute = resolve(path);
  if (!roots || roots.length === 0 || roots.some((root) => isInside(resolve(root), absolute))) return undefined;
  return `${absolute} is outside the folders this server may read (${roots.join(', ')})`;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The folder's name becomes the organisation when the inventory names none: keep it the registered name. */
function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9._ -]/g, '-').slice(0, 100) || 'inventory';
}

function toSource(row: { id: number; name: string; kind: string; path: string | null; created_by: string; created_at: Date }): Omit<InventorySource, 'files'> {
  return { id: row.id, name: row.name, kind: row.kind === 'path' ? 'path' : 'upload', path: row.path ?? undefined, createdBy: row.created_by, createdAt: new Date(row.created_at).toISOString() };
}
