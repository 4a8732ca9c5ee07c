// Child process for the kill tests: stores one large review and reports each batch on stdout, so the parent can
// act at a point the writer signals. Usage: tsx crash-writer.ts <store-dir> <assets> [hold]
// With `hold`, the writer freezes after its first batch, inside the open transaction with the write lock held,
// until it is killed: a writer caught mid-write, for as long as the test needs.
import { syntheticReview } from '../../review/test-support/synthetic-review.ts';
import { openStore } from '../connection.ts';
import { saveReview } from '../reviews.ts';

const [dir, assets = '300', hold] = process.argv.slice(2);
if (!dir) throw new Error('usage: crash-writer.ts <store-dir> [assets] [hold]');
const store = await openStore({ kind: 'pglite', dir });
const review = syntheticReview({ assets: Number(assets), seed: 99, reviewDate: '2026-12-01' });
process.stdout.write('writing\n');
await saveReview(store, review, {
  runBy: 'crash-test',
  onProgress: (done, total) => {
    process.stdout.write(`batch ${done}/${total}\n`);
    if (hold === 'hold') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
});
process.stdout.write('stored\n');
await store.close();
