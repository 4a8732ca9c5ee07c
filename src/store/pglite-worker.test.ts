import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteInWorker, warmPglite } from './pglite-worker.ts';
import { STORE_SETTINGS, startPglite } from './pglite-start.ts';
import { freshPgliteDir } from './test-support/backends.ts';

const child = fileURLToPath(new URL('./test-support/unclosed-worker.ts', import.meta.url));
let dir: string;
let pglite: PgliteInWorker;

beforeAll(async () => {
  dir = await freshPgliteDir();
  pglite = new PgliteInWorker(dir, { settings: STORE_SETTINGS });
  await pglite.waitReady;
});

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

  it('copies rows in by COPY FROM STDIN, the text in pieces that need not end at a row (how PGlite stores findings)', async () => {
    await pglite.exec('create temporary table copied (n int, doc jsonb)');
    // COPY's text format: a JSON escape's backslash is doubled (bulk-insert.ts `text`).
    expect(await pglite.copyFrom('copy copied from stdin', ['1\t{"a": "tab\\\\there"}\n2\t{', '}\n', '3\t{"naïve": 1}\n'])).toBe(3);
    expect((await pglite.query('select n, doc from copied order by n')).rows).toEqual([
      { n: 1, doc: { a: 'tab\there' } },
      { n: 2, doc: {} },
      { n: 3, doc: { naïve: 1 } },
    ]);
  });

  it('a COPY that fails rejects with PostgreSQL’s code and message, and the session goes on', async () => {
    await pglite.exec('create temporary table strict (n int primary key)');
    const error = await pglite.copyFrom('copy strict from stdin', ['1\n', 'x\n']).catch((e: unknown) => e as Error & { code?: string });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '22P02' });
    expect((error as Error).message).toMatch(/invalid input syntax for type integer/);
    expect((await pglite.query('select count(*)::int as n from strict')).rows).toEqual([{ n: 0 }]);
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

  it('a store PGlite cannot start on (damaged control file) fails every request, and still closes', async () => {
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

  it.each([
    { mode: 'ask', stdout: 'answer 42\n' },
    { mode: 'warm', stdout: 'warmed\n' },
  ])('a process that never closes its store still exits once nothing waits for an answer ($mode)', async ({ mode, stdout: expected }) => {
    const own = await freshPgliteDir();
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, own, mode]);
      expect(stdout).toBe(expected);
    } finally {
      await rm(dirname(own), { recursive: true, force: true });
    }
  });

  it.each([
    { name: 'a copy of a store', from: () => dir, answer: 'ok' },
    { name: 'a folder that is not there', from: () => join(dirname(dir), 'nothing-here'), answer: /cannot prepare the review store for writing: .*ENOENT/ },
  ])('starts on $name copied by the worker first', async ({ from, answer }) => {
    await pglite.exec('create table if not exists kept (n int); insert into kept values (7); checkpoint');
    const target = join(dirname(dir), `copy-${Math.random().toString(36).slice(2)}`);
    const started = startPglite(target, target, { from: from(), directories: ['pg_empty_one'], own: true });
    if (typeof answer !== 'string') return expect(started).rejects.toThrow(answer);
    const { db, pglite: copy } = await started;
    expect((await copy.query('select n from kept')).rows).toEqual([{ n: 7 }]);
    await db.destroy();
    expect(existsSync(join(target, 'pg_empty_one'))).toBe(true);
  });

  it('a warmed worker is the one the next store takes, and answers', async () => {
    const own = await freshPgliteDir();
    try {
      warmPglite();
      const taken = new PgliteInWorker(own, { settings: STORE_SETTINGS });
      expect((await taken.query<{ answer: number }>('select 42 as answer')).rows).toEqual([{ answer: 42 }]);
      await taken.close();
    } finally {
      await rm(dirname(own), { recursive: true, force: true });
    }
  });
});
