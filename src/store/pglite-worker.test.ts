import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteInWorker } from './pglite-worker.ts';
import { STORE_SETTINGS } from './pglite-start.ts';
import { freshPgliteDir } from './test-support/backends.ts';

const child = fileURLToPath(new URL('./test-support/unclosed-worker.ts', import.meta.url));
let dir: string;
let pglite: PgliteInWorker;

beforeAll(async () => {
  dir = await freshPgliteDir();
  pglite = new PgliteInWorker(dir, { settings: STORE_SETTINGS });
  await pglite.waitReady;
}, 240_000);

afterAll(async () => {
  await pglite.close();
  await rm(dirname(dir), { recursive: true, force: true });
});

describe('PGlite on a worker thread', () => {
  it.each([
    { sql: `select '2026-06-01T10:00:00Z'::timestamptz as value`, value: new Date('2026-06-01T10:00:00Z') },
    { sql: `select '{"a":[1,"x",null]}'::jsonb as value`, value: { a: [1, 'x', null] } },
    { sql: `select 'tab\there, "quotes", naïve' as value`, value: 'tab\there, "quotes", naïve' },
    { sql: `select 3.5::double precision as value`, value: 3.5 },
    { sql: `select null::text as value`, value: null },
    { sql: `select current_setting('shared_buffers') as value`, value: '16MB' },
  ])('$sql answers as in process', async ({ sql, value }) => {
    expect((await pglite.query<{ value: unknown }>(sql)).rows).toEqual([{ value }]);
  });

  it('passes parameters and counts affected rows', async () => {
    await pglite.exec('create temporary table t (n int primary key)');
    expect((await pglite.query('insert into t select generate_series(1, $1::int)', [3])).affectedRows).toBe(3);
  });

  it.each([
    { sql: 'select nope', code: '42703', message: /column "nope" does not exist/ },
    { sql: 'insert into t values (1)', code: '23505', message: /duplicate key/ },
  ])('$sql fails with PostgreSQL’s code and message', async ({ sql, code, message }) => {
    const error = await pglite.query(sql).catch((e: unknown) => e as Error & { code?: string });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
  });

  it('a store PGlite cannot start on (damaged control file) fails every request, and still closes', { timeout: 240_000 }, async () => {
    const damaged = await freshPgliteDir();
    try {
      await writeFile(join(damaged, 'global', 'pg_control'), Buffer.alloc(100, 7));
      const broken = new PgliteInWorker(damaged, { settings: [] });
      await expect(broken.waitReady).rejects.toThrow();
      await expect(broken.query('select 1')).rejects.toThrow();
      await broken.close();
      expect(broken.closed).toBe(true);
    } finally {
      await rm(dirname(damaged), { recursive: true, force: true });
    }
  });

  it('a process that never closes its store still exits once nothing waits for an answer', { timeout: 240_000 }, async () => {
    const own = await freshPgliteDir();
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, own]);
      expect(stdout).toBe('answer 42\n');
    } finally {
      await rm(dirname(own), { recursive: true, force: true });
    }
  });
});
