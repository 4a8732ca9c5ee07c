import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuditSink } from '../audit/audit-sink.ts';
import { loadAtlas } from '../atlas/load.ts';
import type { ServerEnv } from '../server/env.ts';
import type { Store } from '../store/connection.ts';
import { kyselyExecutor } from '../store/executor.ts';
import { flagNewTechniques, keepRelease, loadRelease, openFlags } from './atlas-release.ts';

const MAX_RELEASE_BYTES = 20 * 1024 * 1024;

const Flag = z.object({ organisation: z.string(), atlasVersion: z.string().openapi({ description: 'the release that added the techniques' }), techniques: z.array(z.string()) }).openapi('AtlasFlag');
const Problem = z.object({ error: z.string() }).openapi('AtlasProblem');
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const routes = {
  flags: createRoute({ method: 'get', path: '/flags', summary: 'Techniques a newer ATLAS release added that an organisation has not been reviewed against', tags: ['atlas'], responses: { 200: json(z.object({ flags: z.array(Flag) }), 'open flags') } }),
  add: createRoute({
    method: 'post',
    path: '/releases',
    summary: 'Add an ATLAS release (the ATLAS.yaml text); flags, per organisation, the techniques it added',
    tags: ['atlas'],
    // The body is YAML, read as text by the handler: declared for the document, not validated as JSON.
    request: { body: { content: { 'application/yaml': { schema: z.string().openapi({ description: `ATLAS.yaml of a release, at most ${MAX_RELEASE_BYTES / 1024 / 1024} MB` }) } }, required: true } },
    responses: {
      201: json(z.object({ version: z.string(), flags: z.array(Flag.extend({ reviewedUnder: z.string() })) }), 'added'),
      400: json(Problem, 'not an ATLAS release'),
      413: json(Problem, 'too large'),
    },
  }),
};

/**
 * `/api/atlas` (behind the session; admin to add): POST `/releases` with an ATLAS.yaml body adds a release and flags,
 * per organisation, the techniques it brought that are not yet assessed; GET `/flags` lists the open flags.
 */
export function atlasReleaseRoutes(deps: { store: Store; audit: AuditSink; releasesDir: string }): OpenAPIHono<ServerEnv> {
  const exec = kyselyExecutor(deps.store.db);
  const app = new OpenAPIHono<ServerEnv>();
  app.openapi(routes.flags, async (c) => c.json({ flags: await openFlags(exec) }, 200));
  app.openapi(routes.add, async (c) => {
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
