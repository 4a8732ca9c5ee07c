import { createRequire } from 'node:module';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { migrateToLatest } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { startPglite } from './pglite-start.ts';

/**
 * New embedded stores are copies of a template: an empty, slimmed and migrated PGlite folder that `npm run build`
 * makes once (scripts/build-store-template.mjs) and the package ships. Making a store from nothing runs initdb in
 * WebAssembly: 3 s and 800 MB of memory on a quiet machine, against a copy of 12 MB.
 *
 * The template sits beside the bundled-data cache at the package root, the same path from src/ and dist/. It is
 * used only when its stamp says it was made by this PGlite (the files are its on-disk format) with migrations
 * this Rampart has (a prefix of them: later ones run when the store opens). Otherwise, or when there is none (a
 * checkout not yet built), a store is made from nothing as before.
 */
export const TEMPLATE_ROOT = fileURLToPath(new URL('../../data/cache/store-template/', import.meta.url));

/** Bumped whenever the way the template is made changes, so an older template is not used. */
const FORMAT = 1;

const Stamp = z.object({
  format: z.literal(FORMAT),
  pglite: z.string(),
  migrations: z.array(z.string()),
  /** Every folder of the template, empty ones included: npm's tarballs keep no empty folder, and PostgreSQL needs them. */
  directories: z.array(z.string()),
});
type Stamp = z.infer<typeof Stamp>;

const DATA = 'pgdata';
const STAMP = 'stamp.json';

/** Make the template in `root` (replacing one there): a new store, migrated, closed cleanly. */
export async function buildStoreTemplate(root: string = TEMPLATE_ROOT): Promise<Stamp> {
  const building = `${root.replace(/[\\/]$/, '')}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  const data = join(building, DATA);
  await mkdir(data, { recursive: true });
  const { db } = await startPglite(data, data);
  try {
    await migrateToLatest(db as Kysely<unknown>, data);
    // The migrations' DDL can leave the WAL near the end of its 1 MB segment, and then the next open's shutdown
    // checkpoint starts a second one: begin a fresh segment, and keep only it, as a new store does.
    for (let i = 0; i < 8; i++) {
      await sql`select pg_switch_wal()`.execute(db);
      await sql`checkpoint`.execute(db);
      if ((await walSegments(db as Kysely<unknown>)) <= 1) break;
    }
  } finally {
    await db.destroy();
  }
  await rm(join(data, 'postmaster.pid'), { force: true });
  const directories = (await readdir(data, { recursive: true, withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => relative(data, join(e.parentPath, e.name)));
  const stamp: Stamp = { format: FORMAT, pglite: pgliteVersion(), migrations: Object.keys(MIGRATIONS), directories: directories.sort() };
  await writeFile(join(building, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
  await rm(root, { recursive: true, force: true });
  await mkdir(dirname(root), { recursive: true });
  await rename(building, root);
  return stamp;
}

/** The template's data folder and the folders a copy must have (empty ones included), when there is a usable template. */
export async function usableTemplate(root: string = TEMPLATE_ROOT): Promise<{ from: string; directories: string[] } | undefined> {
  const stamp = await usableStamp(root);
  return stamp ? { from: join(root, DATA), directories: stamp.directories } : undefined;
}

async function walSegments(db: Kysely<unknown>): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from pg_ls_waldir() where name ~ '^[0-9A-F]{24}$'`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** Fill `target` (absent or empty) with a copy of the template; false, leaving it untouched, when there is no usable one. */
export async function copyStoreTemplate(target: string, root: string = TEMPLATE_ROOT): Promise<boolean> {
  const template = await usableTemplate(root);
  if (!template) return false;
  await cp(template.from, target, { recursive: true, filter: (source) => basename(source) !== 'postmaster.pid' });
  for (const directory of template.directories) await mkdir(join(target, directory), { recursive: true });
  return true;
}

async function usableStamp(root: string): Promise<Stamp | undefined> {
  let parsed;
  try {
    parsed = Stamp.safeParse(JSON.parse(await readFile(join(root, STAMP), 'utf8')));
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  const known = Object.keys(MIGRATIONS);
  const stamp = parsed.data;
  if (stamp.pglite !== pgliteVersion() || stamp.migrations.length > known.length || stamp.migrations.some((name, i) => name !== known[i])) return undefined;
  return stamp;
}

/** The installed PGlite's version: its package.json, found from its entry point (its exports do not list the file). */
function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  while (basename(dir) !== 'pglite' && dirname(dir) !== dir) dir = dirname(dir);
  return (require(join(dir, 'package.json')) as { version: string }).version;
}
