// Child process for pglite-worker.test.ts: queries a store through the worker and never closes it, as an error path
// might. Usage: tsx unclosed-worker.ts <store-dir>. The process must still exit once nothing waits for an answer.
import { PgliteInWorker } from '../pglite-worker.ts';

const [dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: unclosed-worker.ts <store-dir>');
const pglite = new PgliteInWorker(dir, { settings: [] });
const { rows } = await pglite.query<{ answer: number }>('select 42 as answer');
process.stdout.write(`answer ${rows[0]?.answer}\n`);
