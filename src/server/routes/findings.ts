import { createRoute, z } from '@hono/zod-openapi';
import { CoverageValue, LevelValue } from '../../store/document.ts';
import { allow } from '../access.ts';
import type { ServerDeps } from '../deps.ts';
import { mayTouchAsset } from '../findings/ownership.ts';
import { decodeCursor, FINDING_SORTS, NATURAL_ORDER, type FindingSort, type SortOrder } from '../findings/cursor.ts';
import { queryFindings, type FindingFilter } from '../findings/query.ts';
import { FINDING_STATUSES, getFindingState, updateFindingState } from '../findings/state.ts';
import type { StoredReviewMeta } from '../../review/history.ts';
import type { Actor } from '../env.ts';
import { badRequest, notFound } from '../http-error.ts';
import { ERRORS, jsonBody, jsonContent, newRouter, ReviewIdParam } from '../router.ts';
import { latestReviewOf, organisationOr400, reviewOr404 } from '../reviews/lookup.ts';

const Status = z.enum(FINDING_STATUSES);
const Filter = z.object({
  asset: z.string().min(1).optional().openapi({ description: 'an asset id' }),
  technique: z.string().min(1).optional().openapi({ description: 'an ATLAS technique id (exact: a parent does not include its sub-techniques)', example: 'AML.T0051' }),
  tactic: z.string().min(1).optional().openapi({ description: "an ATLAS tactic id: the findings of the techniques the review's ATLAS release puts under it", example: 'AML.TA0005' }),
  level: LevelValue.optional(),
  coverage: CoverageValue.optional(),
  status: Status.optional().openapi({ description: 'remediation status; a finding nobody changed is open' }),
  owner: z.string().min(1).optional().openapi({ description: "the asset's owner as the inventory names it" }),
  assignee: z.string().min(1).optional(),
  search: z.string().min(1).max(200).optional().openapi({ description: "case-insensitive text in the asset's id or name, or the technique's id or name" }),
  sort: z.enum(FINDING_SORTS).default('rank').openapi({ description: 'rank: the review\'s ranking (exploited first, then risk); risk: score, highest first; asset: asset id, then technique; technique: technique id, then asset' }),
  order: z.enum(['asc', 'desc']).optional().openapi({ description: 'asc or desc; without it, riskiest first for rank and risk, A to Z for asset and technique' }),
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: 'findings per page (1–500)' }),
  cursor: z.string().min(1).max(2_000).optional().openapi({ description: 'the nextCursor of the previous page, with the same sort, order and filters; none: the first page' }),
});
const FindingSchema = z
  .object({
    id: z.string(),
    rank: z.number().int(),
    assetId: z.string(),
    assetName: z.string().optional(),
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
const Page = z
  .object({
    reviewId: z.number().int(),
    organisation: z.string(),
    sort: z.enum(FINDING_SORTS),
    order: z.enum(['asc', 'desc']),
    limit: z.number().int(),
    total: z.number().int().openapi({ description: 'findings matching the filters (counted for the first page; later pages repeat it)' }),
    findings: z.array(FindingSchema),
    nextCursor: z.string().nullable().openapi({ description: 'pass as cursor for the next page; null on the last page' }),
  })
  .openapi('FindingPage');
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

  const findingPage = async (meta: StoredReviewMeta, filter: FindingFilter, page: { sort: FindingSort; order: SortOrder | undefined; limit: number; cursor: string | undefined }, actor: Actor) => {
    const order = page.order ?? NATURAL_ORDER[page.sort];
    const found = await queryFindings(store, meta, filter, { sort: page.sort, order, limit: page.limit, cursor: page.cursor === undefined ? undefined : decodeCursor(page.cursor) }, actor);
    return { reviewId: meta.id, organisation: meta.organisation, sort: page.sort, order, limit: page.limit, ...found };
  };

  app.openapi(
    createRoute({ method: 'get', path: '/reviews/{id}/findings', summary: "A review's findings, filtered and paged (asset owners: only their assets')", tags: ['findings'], middleware: [allow('findings')], request: { params: ReviewIdParam, query: Filter }, responses: { 200: jsonContent(Page, 'one page'), ...ERRORS } }),
    async (c) => {
      refuseOffsetPaging(c.req.query());
      const meta = await reviewOr404(store, c.req.valid('param').id);
      const { sort, order, limit, cursor, ...filter } = c.req.valid('query');
      return c.json(await findingPage(meta, filter, { sort, order, limit, cursor }, c.get('actor')), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/findings', summary: "The latest review's findings of an organisation, filtered and paged", tags: ['findings'], middleware: [allow('findings')], request: { query: Filter.extend({ organisation: z.string().min(1).optional() }) }, responses: { 200: jsonContent(Page, 'one page'), ...ERRORS } }),
    async (c) => {
      refuseOffsetPaging(c.req.query());
      const { sort, order, limit, cursor, organisation: named, ...filter } = c.req.valid('query');
      const organisation = await organisationOr400(store, named);
      // A later page stays on the review its first page read, even when a newer one has been stored since.
      const state = cursor === undefined ? undefined : decodeCursor(cursor);
      const meta = state ? await reviewOr404(store, state.reviewId) : await latestReviewOf(store, organisation);
      if (meta.organisation !== organisation) throw badRequest('the cursor belongs to another organisation', 'page with the same organisation as the first page');
      return c.json(await findingPage(meta, filter, { sort, order, limit, cursor }, c.get('actor')), 200);
    },
  );

  /** The finding in the organisation's latest review, or 404 — also for an asset owner's guess at someone else's asset. */
  const findingOr404 = async (actor: Parameters<typeof mayTouchAsset>[1], key: z.infer<typeof KeyParams>) => {
    const latest = await latestReviewOf(store, key.organisation).catch(() => undefined);
    if (!latest || !(await mayTouchAsset(store, actor, key.organisation, latest.id, key.assetId))) throw notFound(`finding ${key.assetId}/${key.techniqueId}`);
    const found = await queryFindings(store, latest, { asset: key.assetId, technique: key.techniqueId }, { sort: 'rank', order: 'asc', limit: 1 }, actor);
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

/** `page` and `pageSize` were OFFSET paging, gone for keyset cursors: say so rather than quietly serve the first page. */
function refuseOffsetPaging(query: Record<string, string>): void {
  if ('page' in query || 'pageSize' in query) throw badRequest('page and pageSize are no longer taken: the findings list pages by cursor', 'use limit for the page size, and pass each answer\'s nextCursor as cursor for the next page');
}
