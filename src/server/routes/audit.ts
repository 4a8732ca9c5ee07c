import { createRoute, z } from '@hono/zod-openapi';
import { readAudit, verifyAudit } from '../../audit/audit-log.ts';
import { allow } from '../access.ts';
import type { ServerDeps } from '../deps.ts';
import { ERRORS, jsonContent, newRouter } from '../router.ts';

const Record = z
  .object({ seq: z.number().int(), at: z.string(), actor: z.string(), action: z.string(), target: z.string(), before: z.any().optional(), after: z.any().optional(), outcome: z.enum(['success', 'refused']), prevHash: z.string(), hash: z.string() })
  .openapi('AuditRecord');
const Query = z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1_000).default(100) });
const VerdictSchema = z.object({ ok: z.boolean(), rows: z.number().int(), head: z.string().optional(), brokenAt: z.number().int().optional(), problem: z.string().optional() }).openapi('AuditVerdict');

export function auditRoutes(deps: ServerDeps) {
  const app = newRouter();
  app.openapi(createRoute({ method: 'get', path: '/audit', summary: 'The audit log, oldest first, from after a sequence number', tags: ['audit'], middleware: [allow('audit')], request: { query: Query }, responses: { 200: jsonContent(z.array(Record), 'records'), ...ERRORS } }), async (c) =>
    c.json(await readAudit(deps.store, c.req.valid('query')), 200),
  );
  app.openapi(createRoute({ method: 'get', path: '/audit/verify', summary: "Check the audit log's hash chain", tags: ['audit'], middleware: [allow('audit')], responses: { 200: jsonContent(VerdictSchema, 'the verdict'), ...ERRORS } }), async (c) =>
    c.json(await verifyAudit(deps.store), 200),
  );
  return app;
}
