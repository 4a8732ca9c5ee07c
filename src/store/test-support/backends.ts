import { existsSync } from 'node:fs';
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../connection.ts';
import { MIGRATIONS } from '../migrations/index.ts';

/** The local PostgreSQL the store suite runs against (trust auth); override with RAMPART_TEST_DATABASE_URL. */
export const TEST_DATABASE_URL = process.env.RAMPART_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A new, empty, migrated store. */
  fresh(): Promise<Store>;
  /** Remove everything fresh() created. */
  cleanup(): Promise<void>;
}

let template: Promise<string> | undefined;

/**
 * Creating a PGlite folder runs initdb (seconds on a busy machine), so the first store is made once per test
 * process and copied for each test: same files, a fraction of the time.
 */
export function pgliteBackend(): Backend {
  const dirs: string[] = [];
  return {
    name: 'pglite',
    async fresh() {
      const dir = await freshPgliteDir();
      dirs.push(dir);
      return openStore({ kind: 'pglite', dir });
    },
    async cleanup() {
      await Promise.all(dirs.map((d) => rm(join(d, '..'), { recursive: true, force: true })));
    },
  };
}

/** A folder holding an empty, migrated PGlite store (a copy of this process's template); remove its parent when done. */
export async function freshPgliteDir(): Promise<string> {
  template ??= sharedTemplate();
  const dir = join(await mkdtemp(join(tmpdir(), 'rampart-store-')), 'store');
  await cp(await template, dir, { recursive: true });
  return dir;
}

/**
 * The template is shared by test processes and runs through the temp folder, keyed by the migrations it holds:
 * built in a private folder, then renamed into place, so a concurrent builder never sees half a template.
 */
async function sharedTemplate(): Promise<string> {
  const shared = join(tmpdir(), `rampart-store-template-${Object.keys(MIGRATIONS).join('+')}`);
  if (existsSync(join(shared, 'PG_VERSION'))) return shared;
  const building = await mkdtemp(join(tmpdir(), 'rampart-template-'));
  const store = await openStore({ kind: 'pglite', dir: join(building, 'store') });
  await store.close();
  try {
    await rename(join(building, 'store'), shared);
  } catch {
    // Another process won the race; its template is as good as ours.
  }
  await rm(building, { recursive: true, force: true });
  return shared;
}

/** Each fresh() gets its own schema, named for this run, selected by search_path in the URL; cleanup drops them. */
export function postgresBackend(): Backend {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    async fresh() {
      const schema = `rampart_test_${process.pid}_${Date.now().toString(36)}_${schemas.length}`;
      await admin(`create schema ${schema}`);
      schemas.push(schema);
      return openStore({ kind: 'postgres', url: withSearchPath(TEST_DATABASE_URL, schema) });
    },
    async cleanup() {
      for (const schema of schemas.splice(0)) await admin(`drop schema if exists ${schema} cascade`);
    },
  };
}

export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

export async function postgresReachable(): Promise<boolean> {
  try {
    await admin('select 1');
    return true;
  } catch {
    return false;
  }
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Which backends to run: PGlite always; PostgreSQL when reachable. In CI an unreachable PostgreSQL is a failure,
 * so the suite is still listed and its first hook fails with the reason.
 */
export async function backends(): Promise<Backend[]> {
  if (await postgresReachable()) return [pgliteBackend(), postgresBackend()];
  if (process.env.CI) return [pgliteBackend(), postgresBackend()];
  console.warn(`store tests: PostgreSQL at ${TEST_DATABASE_URL} is not reachable; running PGlite only (set CI=1 to make this a failure)`);
  return [pgliteBackend()];
}
