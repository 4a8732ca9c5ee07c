// `npm run bench store`: store and diff synthetic reviews of 1,000 and 10,000 assets on PGlite and PostgreSQL.
// Each asset carries RAMPART_BENCH_TECHNIQUES applicable techniques (default 30, about what the example estate has),
// so 10,000 assets means 300,000 stored findings per review.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffReviews } from '../src/review/diff.ts';
import { syntheticReview } from '../src/review/test-support/synthetic-review.ts';
import { openStore, type Store } from '../src/store/connection.ts';
import { getReview, getReviewOutline, latestReviewIds, saveReview } from '../src/store/reviews.ts';
import { postgresBackend, postgresReachable } from '../src/store/test-support/backends.ts';

const SIZES = (process.env.RAMPART_BENCH_ASSETS ?? '1000,10000').split(',').map(Number);
const PER_ASSET = Number(process.env.RAMPART_BENCH_TECHNIQUES ?? 30);

export async function run(): Promise<void> {
  const backends: { name: string; open: () => Promise<{ store: Store; done: () => Promise<void> }> }[] = [
    {
      name: 'PGlite',
      open: async () => {
        const root = await mkdtemp(join(tmpdir(), 'rampart-bench-'));
        const store = await openStore({ kind: 'pglite', dir: join(root, 'store') });
        return { store, done: async () => (await store.close(), await rm(root, { recursive: true, force: true })) };
      },
    },
  ];
  if (await postgresReachable()) {
    backends.push({
      name: 'PostgreSQL',
      open: async () => {
        const backend = postgresBackend();
        const store = await backend.fresh();
        return { store, done: async () => (await store.close(), await backend.cleanup()) };
      },
    });
  } else console.log('PostgreSQL not reachable at 127.0.0.1:5432: PGlite only');

  console.log(`| store | assets | findings/review | store one review | read last two outlines + diff | read one whole review |`);
  console.log(`|---|---:|---:|---:|---:|---:|`);
  for (const assets of SIZES) {
    const older = syntheticReview({ assets, techniquesPerAsset: PER_ASSET, seed: 1, reviewDate: '2026-08-01' });
    const newer = syntheticReview({ assets, techniquesPerAsset: PER_ASSET, seed: 2, reviewDate: '2026-11-01', extraTechniques: ['AML.T0990'] });
    for (const backend of backends) {
      const { store, done } = await backend.open();
      try {
        await saveReview(store, older, { runBy: 'bench' });
        const save = await timed(() => saveReview(store, newer, { runBy: 'bench' }));
        const diff = await timed(async () => {
          const [b, a] = await latestReviewIds(store, 2);
          const [before, after] = [await getReviewOutline(store, a as number), await getReviewOutline(store, b as number)];
          return diffReviews(before.outline, after.outline);
        });
        const whole = await timed(async () => getReview(store, save.value.id));
        console.log(`| ${backend.name} | ${assets.toLocaleString('en')} | ${newer.findings.length.toLocaleString('en')} | ${seconds(save.ms)} | ${seconds(diff.ms)} | ${seconds(whole.ms)} |`);
      } finally {
        await done();
      }
    }
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
