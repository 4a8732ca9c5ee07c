// Child process for pglite-worker.test.ts: queries a store through the worker and never closes it, as an error path
// might; with `warm`, only starts a worker ahead of need that nothing takes (a store that failed before its folder was
// ready). Usage: tsx unclosed-worker.ts <store-dir> [warm]. The process must still exit once nothing waits for an answer.
import { PgliteInWorker, warmPglite } from '../pglite-worker.ts';

const [dir, mode] = process.argv.slice(2);
if (!dir) throw new Error('usage: unclosed-worker.ts <store-dir> [warm]');
if (mode === 'warm') {
  warmPglite();
  process.stdout.write('warmed\n');
} else {
  const pglite = new PgliteInWorker(dir, { settings: [] });
  const { rows } = await pglite.query<{ answer: number }>('select 42 as answer');
  process.stdout.write(`answer ${rows[0]?.answer}\n`);
}
