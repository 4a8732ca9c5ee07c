// Child process for the kill test: stores one large review and reports each batch on stdout, so the parent can
// kill it with SIGKILL while the transaction is open. Usage: tsx crash-writer.ts <store-dir> <assets>
import { syntheticReview } from '../../review/test-support/synthetic-review.ts';
import { openStore } from '../connection.ts';
import { saveReview } from '../reviews.ts';

const [dir, assets = '300'] = process.argv.slice(2);
if (!dir) throw new Error('usage: crash-writer.ts <store-dir> [assets]');
const store = await openStore({ kind: 'pglite', dir });
const review = syntheticReview({ assets: Number(assets), seed: 99, reviewDate: '2026-12-01' });
process.stdout.write('writing\n');
await saveReview(store, review, { runBy: 'crash-test', onProgress: (done, total) => process.stdout.write(`batch ${done}/${total}\n`) });
process.stdout.write('stored\n');
await store.close();
