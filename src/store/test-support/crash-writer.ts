// Child process for the kill tests: stores one large review and reports each batch on stdout; once half its findings
// are written it says `frozen` and freezes, inside the open transaction with the write lock held, until it is
// killed: a writer caught mid-write at a point it signals (no timing), for as long as the test needs.
// Usage: tsx crash-writer.ts <store-dir | postgres://…> [assets]
import { syntheticReview } from '../../review/test-support/synthetic-review.ts';
import { openStore } from '../connection.ts';
import { saveReview } from '../reviews.ts';

const [dir, assets = '300'] = process.argv.slice(2);
if (!dir) throw new Error('usage: crash-writer.ts <store-dir | postgres://…> [assets]');
const store = await openStore(dir.startsWith('postgres://') ? { kind: 'postgres', url: dir } : { kind: 'pglite', dir });
const review = syntheticReview({ assets: Number(assets), seed: 99, reviewDate: '2026-12-01' });
process.stdout.write('writing\n');
await saveReview(store, review, {
  runBy: 'crash-test',
  onProgress: (done, total) => {
    process.stdout.write(`batch ${done}/${total}\n`);
    if (done * 2 < total) return;
    process.stdout.write('frozen\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
});
process.stdout.write('stored\n');
await store.close();
