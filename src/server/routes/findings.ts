import { createRoute, z } from '@hono/zod-openapi';
import { CoverageValue, LevelValue } from '../../store/document.ts';
import { allow } from '../access.ts';
import type { ServerDeps } from '../deps.ts';
import { mayTouchAsset } from '../findings/ownership.ts';
import { queryFindings } from '../findings/query.ts';
import { FINDING_STATUSES, getFindingState, updateFindingState } from '../findings/state.ts';
import { notFound } from '../http-error.ts';
import { ERRORS, jsonBody, jsonContent, newRouter, ReviewIdParam } from '../router.ts';
import { latestReviewOf, organisationOr400, reviewOr404 } from '../reviews/lookup.ts';

const Status = z.enum(FINDING_STATUSES);
const Filter = z.object({
  asset: z.string().min(1).optional(),
  technique: z.string().min(1).optional(),
  level: LevelValue.optional(),
  coverage: CoverageValue.optional(),
  status: Status.optional(),
  owner: z.string().min(1).optional().openapi({ description: "the asset's owner as the inventory names it" }),
  assignee: z.string().min(1).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
const FindingSchema = z
  .object({
    id: z.string(),
    rank: z.number().int(),
    assetId: z.string(),
    techniqueId: z.string(),
    techniqueName: z.string().optional(),
    coverage: z.string(),
    score: z.number(),
    level: z.string(),
    owner: z.string().optional(),
    status: Status,
    assignee: z.string().optional(),
  })
  .openapi('Finding');
const Page = z.object({ reviewId: z.number().int(), organisation: z.string(), page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), findings: z.array(FindingSchema) }).openapi('FindingPage');
const KeyParams = z.object({
  organisation: z.string().min(1).openapi({ param: { name: 'organisation', in: 'path' } }),
  assetId: z.string().min(1).openapi({ param: { name: 'assetId', in: 'path' } }),
  techniqueId: z.string().min(1).openapi({ param: { name: 'techniqueId', in: 'path' } }),
});
const StateSchema = z.object({ status: Status, assignee: z.string().optional(), updatedAt: z.string().optional(), updatedBy: z.string().optional() }).openapi('FindingState');
const Change = z
  .object({ status: Status.optional(), assignee: z.string().min(1).max(200).nullable().optional().openapi({ description: 'an account name; null unassigns' }) })
  .refine((c) => c.status !== undefined || c.assignee !== undefined, 'give a status, an assignee, or both')
  .openapi('FindingChange');

export function findingRoutes(deps: ServerDeps) {
  const app = newRouter();
  const { store } = deps;

  app.openapi(
    createRoute({ method: 'get', path: '/reviews/{id}/findings', summary: "A review's findings, filtered and paged (asset owners: only their assets')", tags: ['findings'], middleware: [allow('findings')], request: { params: ReviewIdParam, query: Filter }, responses: { 200: jsonContent(Page, 'one page'), ...ERRORS } }),
    async (c) => {
      const meta = await reviewOr404(store, c.req.valid('param').id);
      const { page, pageSize, ...filter } = c.req.valid('query');
      const found = await queryFindings(store, meta, filter, { offset: (page - 1) * pageSize, limit: pageSize }, c.get('actor'));
      return c.json({ reviewId: meta.id, organisation: meta.organisation, page, pageSize, ...found }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/findings', summary: "The latest review's findings of an organisation, filtered and paged", tags: ['findings'], middleware: [allow('findings')], request: { query: Filter.extend({ organisation: z.string().min(1).optional() }) }, responses: { 200: jsonContent(Page, 'one page'), ...ERRORS } }),
    async (c) => {
      const { page, pageSize, organisation: named, ...filter } = c.req.valid('query');
      const meta = await latestReviewOf(store, await organisationOr400(store, named));
      const found = await queryFindings(store, meta, filter, { offset: (page - 1) * pageSize, limit: pageSize }, c.get('actor'));
      return c.json({ reviewId: meta.id, organisation: meta.organisation, page, pageSize, ...found }, 200);
    },
  );

  /** The finding in the organisation's latest review, or 404 — also for an asset owner's guess at someone else's asset. */
  const findingOr404 = async (actor: Parameters<typeof mayTouchAsset>[1], key: z.infer<typeof KeyParams>) => {
    const latest = await latestReviewOf(store, key.organisation).catch(() => undefined);
    if (!latest || !(await mayTouchAsset(store, actor, key.organisation, latest.id, key.assetId))) throw notFound(`finding ${key.assetId}/${key.techniqueId}`);
    const found = await queryFindings(store, latest, { asset: key.assetId, technique: key.techniqueId }, { offset: 0, limit: 1 }, actor);
    const finding = found.findings[0];
    if (!finding) throw notFound(`finding ${key.assetId}/${key.techniqueId}`);
    return { latest, finding };
  };

  app.openapi(
    createRoute({ method: 'get', path: '/organisations/{organisation}/findings/{assetId}/{techniqueId}', summary: "A finding of the organisation's latest review with its remediation state", tags: ['findings'], middleware: [allow('findings')], request: { params: KeyParams }, responses: { 200: jsonContent(FindingSchema.extend({ reviewId: z.number().int(), state: StateSchema }), 'the finding'), ...ERRORS } }),
    async (c) => {
      const key = c.req.valid('param');
      const { latest, finding } = await findingOr404(c.get('actor'), key);
      return c.json({ ...finding, reviewId: latest.id, state: await getFindingState(store, key) }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'patch', path: '/organisations/{organisation}/findings/{assetId}/{techniqueId}', summary: 'Assign a finding or set its status (kept across reviews)', tags: ['findings'], middleware: [allow('triage')], request: { params: KeyParams, ...jsonBody(Change) }, responses: { 200: jsonContent(StateSchema, 'the new state'), ...ERRORS } }),
    async (c) => {
      const key = c.req.valid('param');
      const actor = c.get('actor');
      await findingOr404(actor, key);
      const change = c.req.valid('json');
      const { before, after } = await updateFindingState(store, key, change, actor.name, deps.clock);
      await deps.audit({ actor: actor.name, action: 'finding.update', target: `finding/${key.organisation}/${key.assetId}/${key.techniqueId}`, before, after });
      return c.json(after, 200);
    },
  );
  return app;
}
