import { createRoute, z } from '@hono/zod-openapi';
import { allow } from '../access.ts';
import type { ServerDeps } from '../deps.ts';
import { getSource, inventoryFolder, listSources, registerFolder, uploadFiles } from '../inventories/sources.ts';
import { ERRORS, jsonBody, jsonContent, newRouter } from '../router.ts';

const Name = z.string().min(1).max(200);
const SourceSchema = z.object({ id: z.number().int(), name: z.string(), kind: z.enum(['path', 'upload']), path: z.string().optional(), files: z.array(z.string()), createdBy: z.string(), createdAt: z.string() }).openapi('Inventory');
const Folder = z.object({ name: Name, path: z.string().min(1).max(4_096).openapi({ description: 'absolute path of an inventory folder on the server' }) }).openapi('InventoryFolder');
const Upload = z.object({ name: Name, files: z.array(z.object({ name: z.string().min(1).max(200), content: z.string().max(5_000_000) })).min(1).max(200) }).openapi('InventoryUpload');
const StartReview = z.object({ inventoryId: z.number().int().positive(), organisation: z.string().min(1).optional().openapi({ description: 'refuse the run if the inventory names another organisation' }) }).openapi('StartReview');
const Started = z.object({ jobId: z.string() }).openapi('StartedReview');
const IdParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' } }) });

export function inventoryRoutes(deps: ServerDeps) {
  const app = newRouter();
  const { store } = deps;

  app.openapi(createRoute({ method: 'get', path: '/inventories', summary: 'Registered and uploaded inventories', tags: ['inventories'], middleware: [allow('wholeReview')], responses: { 200: jsonContent(z.array(SourceSchema), 'inventories'), ...ERRORS } }), async (c) =>
    c.json(await listSources(store), 200),
  );

  app.openapi(createRoute({ method: 'get', path: '/inventories/{id}', summary: 'One inventory', tags: ['inventories'], middleware: [allow('wholeReview')], request: { params: IdParam }, responses: { 200: jsonContent(SourceSchema, 'the inventory'), ...ERRORS } }), async (c) =>
    c.json(await getSource(store, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({ method: 'post', path: '/inventories/folders', summary: 'Register an inventory folder (or git checkout) the server can read', tags: ['inventories'], middleware: [allow('admin')], request: jsonBody(Folder), responses: { 201: jsonContent(SourceSchema, 'registered'), ...ERRORS } }),
    async (c) => {
      const source = await registerFolder(store, { ...c.req.valid('json'), createdBy: c.get('actor').name }, deps.inventoryRoots);
      await deps.audit({ actor: c.get('actor').name, action: 'inventory.register', target: `inventory/${source.id}`, after: source });
      return c.json(source, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/inventories/uploads', summary: 'Upload inventory YAML files (kept in the store)', tags: ['inventories'], middleware: [allow('review')], request: jsonBody(Upload), responses: { 201: jsonContent(SourceSchema, 'uploaded'), ...ERRORS } }),
    async (c) => {
      const source = await uploadFiles(store, { ...c.req.valid('json'), createdBy: c.get('actor').name });
      await deps.audit({ actor: c.get('actor').name, action: 'inventory.upload', target: `inventory/${source.id}`, after: source });
      return c.json(source, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/reviews', summary: 'Start a review of an inventory: a review job; GET /api/jobs/{jobId} follows it, and its result holds the stored review id', tags: ['reviews'], middleware: [allow('review')], request: jsonBody(StartReview), responses: { 202: jsonContent(Started, 'started'), ...ERRORS } }),
    async (c) => {
      const body = c.req.valid('json');
      const source = await getSource(store, body.inventoryId);
      const inventoryDir = await inventoryFolder(store, source);
      const started = await deps.startReview({ inventoryDir, requestedBy: c.get('actor').name, reason: 'manual', ...(body.organisation ? { organisation: body.organisation } : {}) });
      await deps.audit({ actor: c.get('actor').name, action: 'review.start', target: `inventory/${source.id}`, after: { jobId: started.jobId, inventory: source.name } });
      return c.json(started, 202);
    },
  );

  return app;
}
