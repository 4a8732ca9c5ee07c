import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { AuditSink } from '../audit/audit-sink.ts';
import { loadAtlas } from '../atlas/load.ts';
import type { ServerEnv } from '../server/env.ts';
import type { Store } from '../store/connection.ts';
import { kyselyExecutor } from '../store/executor.ts';
import { flagNewTechniques, keepRelease, loadRelease, openFlags } from './atlas-release.ts';

const MAX_RELEASE_BYTES = 20 * 1024 * 1024;

/**
 * `/api/atlas` (behind the session; admin to add): POST `/releases` with an ATLAS.yaml body adds a release and flags,
 * per organisation, the techniques it brought that are not yet assessed; GET `/flags` lists the open flags.
 */
export function atlasReleaseRoutes(deps: { store: Store; audit: AuditSink; releasesDir: string }): Hono<ServerEnv> {
  const exec = kyselyExecutor(deps.store.db);
  const app = new Hono<ServerEnv>();
  app.get('/flags', async (c) => c.json({ flags: await openFlags(exec) }));
  app.post('/releases', async (c) => {
    const text = await c.req.text();
    if (text.length > MAX_RELEASE_BYTES) return c.json({ error: `an ATLAS release over ${MAX_RELEASE_BYTES / 1024 / 1024} MB is refused` }, 413);
    const dir = await mkdtemp(join(tmpdir(), 'rampart-atlas-'));
    try {
      const file = join(dir, 'ATLAS.yaml');
      await writeFile(file, text);
      const release = await loadAtlas(file).catch((error: unknown) => error as Error);
      if (release instanceof Error) return c.json({ error: `not an ATLAS release: ${release.message}` }, 400);
      await keepRelease(deps.releasesDir, file, release);
      const flags = await flagNewTechniques(exec, release, (version) => loadRelease(deps.releasesDir, version));
      await deps.audit({ actor: c.get('actor').name, action: 'atlas.add', target: `atlas/${release.version}`, after: { version: release.version, flagged: flags.map((f) => ({ organisation: f.organisation, techniques: f.techniques.length })) }, outcome: 'success' });
      return c.json({ version: release.version, flags }, 201);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  return app;
}
