import { createRoute, z } from '@hono/zod-openapi';
import { CoverageValue, LevelValue } from '../../store/document.ts';
import { allow } from '../access.ts';
import type { ServerDeps } from '../deps.ts';
import { dashboard } from '../posture/dashboard.ts';
import { findingTable, TABLE_SORTS } from '../posture/finding-table.ts';
import { buildMatrix, reviewMatrix } from '../posture/matrix.ts';
import { FINDING_STATUSES } from '../findings/state.ts';
import { assetsInView } from '../posture/review-assets.ts';
import { tally } from '../posture/tally.ts';
import { ERRORS, jsonContent, newRouter, ReviewIdParam } from '../router.ts';
import { reviewOr404 } from '../reviews/lookup.ts';
import { ReviewMeta } from './reviews.ts';

const Counts = (keys: readonly string[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])));
const PostureSchema = z
  .object({
    findings: z.number().int(),
    byCoverage: Counts(CoverageValue.options),
    byLevel: Counts(['critical', 'high', 'medium', 'low']),
    riskTotal: z.number(),
    riskMax: z.number(),
    covered: z.number().openapi({ description: 'share of findings prevented, detected or both (0–1)' }),
    worst: CoverageValue.optional(),
  })
  .openapi('Posture');
const Listed = z.object({ count: z.number().int(), first: z.array(z.looseObject({ assetId: z.string(), techniqueId: z.string() })) });
const DashboardSchema = z
  .object({
    review: ReviewMeta,
    scope: z.enum(['organisation', 'your assets']),
    asOf: z.string(),
    organisation: PostureSchema,
    elements: z.array(z.object({ element: z.string(), posture: PostureSchema })),
    tactics: z.array(z.object({ id: z.string(), name: z.string(), posture: PostureSchema })),
    changes: z.object({ previous: z.object({ id: z.number().int(), reviewDate: z.string(), atlasVersion: z.string() }).optional(), atlasChanged: z.boolean().optional(), new: Listed.optional(), resolved: Listed.optional(), regressed: Listed.optional(), improved: Listed.optional() }),
    overdue: z.object({ total: z.number().int(), items: z.array(z.object({ assetId: z.string(), techniqueId: z.string(), level: z.string(), score: z.number(), due: z.string(), status: z.string(), assignee: z.string().optional() })) }),
    waivers: z.object({ expiring: z.array(z.looseObject({ id: z.number().int(), findingId: z.string(), expires: z.string() })), expired: z.number().int(), withinDays: z.number().int() }),
  })
  .openapi('Dashboard');
type CellShape = { id: string; name: string; posture?: z.infer<typeof PostureSchema> | undefined; subTechniques: CellShape[] };
const Cell: z.ZodType<CellShape> = z.lazy(() => z.object({ id: z.string(), name: z.string(), posture: PostureSchema.optional(), subTechniques: z.array(Cell) }));
const MatrixSchema = z
  .object({
    reviewId: z.number().int(),
    organisation: z.string(),
    atlasVersion: z.string(),
    tactics: z.array(z.object({ id: z.string(), name: z.string(), posture: PostureSchema, techniques: z.array(z.any().openapi({ type: 'object', description: 'a technique cell: id, name, posture (absent when nothing in view has the finding), subTechniques' })) })),
    assets: z.array(z.object({ id: z.string(), name: z.string(), element: z.string(), owner: z.string().optional() })),
  })
  .openapi('Matrix');
const MatrixFilter = z.object({
  asset: z.string().min(1).optional(),
  element: z.string().min(1).optional(),
  owner: z.string().min(1).optional().openapi({ description: "the asset's owner as the inventory names it" }),
});

const TableQuery = MatrixFilter.extend({
  q: z.string().max(200).optional().openapi({ description: 'search: part of an asset or technique id or name' }),
  technique: z.string().min(1).optional(),
  level: LevelValue.optional(),
  coverage: CoverageValue.optional(),
  status: z.enum(FINDING_STATUSES).optional(),
  assignee: z.string().min(1).optional(),
  sort: z.enum(TABLE_SORTS).default('rank'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});
const TableRow = z.object({
  id: z.string(),
  rank: z.number().int(),
  assetId: z.string(),
  assetName: z.string().optional(),
  element: z.string().optional(),
  owner: z.string().optional(),
  techniqueId: z.string(),
  techniqueName: z.string().optional(),
  coverage: z.string(),
  score: z.number(),
  level: z.string(),
  status: z.enum(FINDING_STATUSES),
  assignee: z.string().optional(),
});
const TableSchema = z.object({ reviewId: z.number().int(), organisation: z.string(), offset: z.number().int(), total: z.number().int(), findings: z.array(TableRow) }).openapi('FindingTable');

/**
 * Read-only views the web UI's dashboard and ATLAS heatmap are drawn from. Findings-level data, so asset owners may
 * read them too, counted over their own assets only.
 */
export function postureRoutes(deps: ServerDeps) {
  const app = newRouter();
  const { store } = deps;

  app.openapi(
    createRoute({ method: 'get', path: '/reviews/{id}/dashboard', summary: 'Posture per element and tactic, changes since the previous review, overdue plans and expiring waivers (asset owners: their assets)', tags: ['posture'], middleware: [allow('posture')], request: { params: ReviewIdParam }, responses: { 200: jsonContent(DashboardSchema, 'the dashboard'), ...ERRORS } }),
    async (c) => {
      const meta = await reviewOr404(store, c.req.valid('param').id);
      return c.json(await dashboard(store, meta, c.get('actor'), deps.clock), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/reviews/{id}/matrix', summary: 'The ATLAS matrix with the posture of each technique and sub-technique, over the assets the filter keeps', tags: ['posture'], middleware: [allow('posture')], request: { params: ReviewIdParam, query: MatrixFilter }, responses: { 200: jsonContent(MatrixSchema, 'the matrix'), ...ERRORS } }),
    async (c) => {
      const meta = await reviewOr404(store, c.req.valid('param').id);
      const view = await assetsInView(store, meta, c.req.valid('query'), c.get('actor'));
      const ids = new Set(view.ids);
      const kept = view.ids === undefined ? undefined : view.all.filter((a) => ids.has(a.id));
      const tactics = buildMatrix(await reviewMatrix(store, meta.id), await tally(store, meta.id, 'technique', kept));
      return c.json({ reviewId: meta.id, organisation: meta.organisation, atlasVersion: meta.atlasVersion, tactics, assets: view.all.map((a) => ({ id: a.id, name: a.name, element: a.element, ...(a.owner ? { owner: a.owner } : {}) })) }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/reviews/{id}/finding-table', summary: "A slice of a review's findings for the web UI's table: any sort, element/owner filters and search (asset owners: theirs)", tags: ['posture'], middleware: [allow('posture')], request: { params: ReviewIdParam, query: TableQuery }, responses: { 200: jsonContent(TableSchema, 'one slice'), ...ERRORS } }),
    async (c) => {
      const meta = await reviewOr404(store, c.req.valid('param').id);
      return c.json(await findingTable(store, meta, c.req.valid('query'), c.get('actor')), 200);
    },
  );
  return app;
}
