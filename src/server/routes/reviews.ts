import { createRoute, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { storedSubject } from '../../cli/report.ts';
import { reportContext } from '../../report/history-context.ts';
import { diffManifests } from '../../data/provenance/diff-manifests.ts';
import { REPORT_FORMAT_NAMES, REPORT_FORMATS } from '../../report/formats.ts';
import { BufferedSink } from '../../report/stream/sink.ts';
import { diffReviews } from '../../review/diff.ts';
import { applyWaivers, today } from '../../review/waivers.ts';
import { reviewManifests } from '../../store/data-manifests.ts';
import { openStoredReview } from '../../store/finding-pages.ts';
import { listOrganisations } from '../../store/organisations.ts';
import { loadHistoryContext } from '../../store/report-context.ts';
import { getReviewOutline, latestReviewIds, listReviews } from '../../store/reviews.ts';
import { listSignoffs } from '../../store/signoffs.ts';
import { listWaivers } from '../../store/waivers.ts';
import { allow } from '../access.ts';
import type { ServerDeps } from '../deps.ts';
import { badRequest, notFound } from '../http-error.ts';
import { ERRORS, jsonContent, newRouter, ReviewIdParam } from '../router.ts';
import { reviewOr404 } from '../reviews/lookup.ts';

export const ReviewMeta = z
  .object({
    id: z.number().int(),
    storedAt: z.string(),
    runBy: z.string(),
    organisation: z.string(),
    reviewDate: z.string(),
    generatedAt: z.string(),
    atlasVersion: z.string(),
    rampartVersion: z.string(),
    assetCount: z.number().int(),
    findingCount: z.number().int(),
    summary: z.any().openapi({ type: 'object', description: 'coverage share, risk total and max, counts by level and coverage' }),
  })
  .openapi('ReviewMeta');

const OrganisationSchema = z.object({ name: z.string(), reviews: z.number().int(), latest: z.number().int().optional() }).openapi('Organisation');
const ListQuery = z.object({ organisation: z.string().min(1).optional(), limit: z.coerce.number().int().min(1).max(1_000).default(100) });
const DiffQuery = z.object({ against: z.coerce.number().int().positive().optional().openapi({ description: 'the older review (default: the one before, of the same organisation)' }) });
const ReportQuery = z.object({ format: z.enum(REPORT_FORMAT_NAMES).default('html') });
const EvidenceQuery = z.object({
  check: z.string().min(1).optional().openapi({ description: 'a check id, or a family prefix such as `prediction-api/`' }),
  asset: z.string().min(1).optional(),
  technique: z.string().min(1).optional(),
  outcome: z.enum(['pass', 'fail', 'inconclusive', 'error']).optional(),
});
const Anything = z.any().openapi({ type: 'object' });

interface EvidenceItem {
  checkId: string;
  assets: string[];
  techniques: string[];
  outcome: string;
}

export function reviewRoutes(deps: ServerDeps) {
  const app = newRouter();
  const { store } = deps;

  app.openapi(createRoute({ method: 'get', path: '/organisations', summary: 'Organisations in the store, with their review counts', tags: ['reviews'], middleware: [allow('anyone')], responses: { 200: jsonContent(z.array(OrganisationSchema), 'organisations'), ...ERRORS } }), async (c) =>
    c.json((await listOrganisations(store)).map((o) => ({ name: o.name, reviews: o.reviews, ...(o.latest !== undefined ? { latest: o.latest } : {}) })), 200),
  );

  app.openapi(createRoute({ method: 'get', path: '/reviews', summary: 'Stored reviews, newest first', tags: ['reviews'], middleware: [allow('anyone')], request: { query: ListQuery }, responses: { 200: jsonContent(z.array(ReviewMeta), 'reviews'), ...ERRORS } }), async (c) => {
    const query = c.req.valid('query');
    return c.json(await listReviews(store, { organisation: query.organisation, limit: query.limit }), 200);
  });

  app.openapi(
    createRoute({ method: 'get', path: '/reviews/{id}', summary: 'A stored review: record, sign-offs, waivers in force (findings: /reviews/{id}/findings)', tags: ['reviews'], middleware: [allow('wholeReview')], request: { params: ReviewIdParam }, responses: { 200: jsonContent(z.object({ meta: ReviewMeta, signoffs: z.array(Anything), waivers: Anything }), 'the review'), ...ERRORS } }),
    async (c) => {
      const { id } = c.req.valid('param');
      const meta = await reviewOr404(store, id);
      const { outline } = await getReviewOutline(store, id);
      const day = today(deps.clock);
      const applied = applyWaivers(outline.findings.map((f) => f.id), await listWaivers(store, { organisation: meta.organisation }), day);
      return c.json({ meta, signoffs: await listSignoffs(store, id), waivers: { asOf: day, active: [...applied.active.values()], expired: applied.expired } }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/reviews/{id}/diff', summary: 'What changed from an older review of the same organisation to this one', tags: ['reviews'], middleware: [allow('wholeReview')], request: { params: ReviewIdParam, query: DiffQuery }, responses: { 200: jsonContent(Anything, 'the diff'), ...ERRORS } }),
    async (c) => {
      const { id } = c.req.valid('param');
      const newer = await reviewOr404(store, id);
      const againstId = c.req.valid('query').against ?? (await latestReviewIds(store, 2, { organisation: newer.organisation, upTo: id }))[1];
      if (againstId === undefined) throw notFound(`an earlier review of "${newer.organisation}" to compare with`);
      const older = await reviewOr404(store, againstId);
      if (older.organisation !== newer.organisation) throw badRequest(`review ${againstId} is of "${older.organisation}", review ${id} of "${newer.organisation}"`, 'compare reviews of one organisation');
      const diff = diffReviews((await getReviewOutline(store, againstId)).outline, (await getReviewOutline(store, id)).outline);
      const data = diffManifests(await reviewManifests(store, againstId), await reviewManifests(store, id));
      return c.json({ older, newer, ...diff, ...(data.length > 0 ? { dataFiles: data } : {}) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/reviews/{id}/report',
      summary: `The review rendered as a report (${REPORT_FORMAT_NAMES.join(', ')}), streamed`,
      tags: ['reviews'],
      middleware: [allow('wholeReview')],
      request: { params: ReviewIdParam, query: ReportQuery },
      responses: { 200: { description: 'the report, in the format asked for', content: Object.fromEntries([...new Set(Object.values(REPORT_FORMATS).map((f) => f.mediaType))].map((t) => [t, { schema: z.string() }])) }, ...ERRORS },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const format = REPORT_FORMATS[c.req.valid('query').format];
      await reviewOr404(store, id);
      // Everything that can fail with a status is read before the first byte is sent.
      const { meta, review } = await openStoredReview(store, id);
      const context = reportContext(await loadHistoryContext(store, id, storedSubject(store, id, meta.organisation), deps.clock), review.document.matrix);
      c.header('Content-Type', `${format.mediaType}; charset=utf-8`);
      c.header('Content-Disposition', `inline; filename="review-${id}-${format.fileName}"`);
      return stream(c, async (out) => {
        const sink = new BufferedSink(async (chunk) => {
          await out.write(chunk);
        });
        await format.write(sink, review, context);
        await sink.flush();
      });
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/reviews/{id}/evidence', summary: 'The evidence of the checks and attacks a review ran, filtered', tags: ['reviews'], middleware: [allow('wholeReview')], request: { params: ReviewIdParam, query: EvidenceQuery }, responses: { 200: jsonContent(z.array(Anything), 'evidence'), ...ERRORS } }),
    async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      await reviewOr404(store, id);
      const { review } = await openStoredReview(store, id);
      const evidence = ((review.document as { evidence?: EvidenceItem[] }).evidence ?? []).filter(
        (e) =>
          (query.check === undefined || e.checkId === query.check || (query.check.endsWith('/') && e.checkId.startsWith(query.check))) &&
          (query.asset === undefined || e.assets.includes(query.asset)) &&
          (query.technique === undefined || e.techniques.includes(query.technique)) &&
          (query.outcome === undefined || e.outcome === query.outcome),
      );
      return c.json(evidence, 200);
    },
  );
  return app;
}
