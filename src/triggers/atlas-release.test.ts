import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BUNDLED_ATLAS_FILE } from '../atlas/load.ts';
import { asActor, audited, recordAudit } from '../jobs/test-support/as-actor.ts';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import type { Store } from '../store/connection.ts';
import { saveReview } from '../store/reviews.ts';
import { pgliteBackend } from '../store/test-support/backends.ts';
import { atlasReleaseRoutes } from './atlas-routes.ts';

const OLD_ATLAS = fileURLToPath(new URL('../../test/fixtures/atlas/ATLAS-4.9.1.yaml', import.meta.url));
const backend = pgliteBackend();
let store: Store;
let releasesDir: string;

beforeAll(async () => {
  store = await backend.fresh();
  releasesDir = await mkdtemp(join(tmpdir(), 'rampart-releases-'));
  // One organisation last reviewed under 4.9.1, another already under 5.6.0.
  await saveReview(store, { ...syntheticReview({ assets: 3, seed: 1, reviewDate: '2026-06-01', atlasVersion: '4.9.1' }), organisation: 'Old Co' }, { runBy: 'ana' });
  await saveReview(store, { ...syntheticReview({ assets: 3, seed: 2, reviewDate: '2026-06-01' }), organisation: 'Current Co' }, { runBy: 'ana' });
});
afterAll(async () => {
  await store.close();
  await backend.cleanup();
  await rm(releasesDir, { recursive: true, force: true });
});

it('a new ATLAS release flags, per organisation, the techniques its last review could not assess', async () => {
  const { app } = asActor('/api/atlas', atlasReleaseRoutes({ store, audit: recordAudit, releasesDir }));
  const post = (body: string) => app.request('/api/atlas/releases', { method: 'POST', body });
  // The server learns 4.9.1 first (nothing is older than what Old Co used), then 5.6.0.
  expect((await post(await readFile(OLD_ATLAS, 'utf8'))).status).toBe(201);
  const added = await post(await readFile(BUNDLED_ATLAS_FILE, 'utf8'));
  expect(added.status).toBe(201);
  const { flags } = (await added.json()) as { flags: { organisation: string; reviewedUnder: string; techniques: string[] }[] };
  expect(flags.map((f) => [f.organisation, f.reviewedUnder])).toEqual([['Old Co', '4.9.1']]);
  expect(flags[0]?.techniques.length).toBeGreaterThan(0);
  expect(flags[0]?.techniques.every((t) => /^AML\.T\d{4}/.test(t))).toBe(true);
  const open = (await (await app.request('/api/atlas/flags')).json()) as { flags: { organisation: string; atlasVersion: string }[] };
  expect(open.flags.map((f) => [f.organisation, f.atlasVersion])).toEqual([['Old Co', '5.6.0']]);
  expect(audited.at(-1)).toMatchObject({ action: 'atlas.add', target: 'atlas/5.6.0', outcome: 'success' });

  // Reviewed under 5.6.0 since: the flag is closed.
  await saveReview(store, { ...syntheticReview({ assets: 3, seed: 3, reviewDate: '2026-12-01' }), organisation: 'Old Co' }, { runBy: 'ana' });
  expect(((await (await app.request('/api/atlas/flags')).json()) as { flags: unknown[] }).flags).toEqual([]);
  expect((await post('not: [an atlas')).status).toBe(400);
});
