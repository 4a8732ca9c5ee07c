import { createRoute, z } from '@hono/zod-openapi';
import { allow } from '../access.ts';
import type { ServerDeps } from '../deps.ts';
import { findingDetail } from '../findings/detail.ts';
import { mayTouchAsset } from '../findings/ownership.ts';
import { reviewPlan } from '../findings/plan.ts';
import { getFindingState } from '../findings/state.ts';
import { notFound } from '../http-error.ts';
import { ERRORS, jsonContent, newRouter, ReviewIdParam } from '../router.ts';
import { latestReviewOf, reviewOr404 } from '../reviews/lookup.ts';

const KeyParams = z.object({
  organisation: z.string().min(1).openapi({ param: { name: 'organisation', in: 'path' } }),
  assetId: z.string().min(1).openapi({ param: { name: 'assetId', in: 'path' } }),
  techniqueId: z.string().min(1).openapi({ param: { name: 'techniqueId', in: 'path' } }),
});
const Anything = z.any().openapi({ type: 'object' });
const Detail = z
  .object({
    reviewId: z.number().int(),
    reviewDate: z.string(),
    finding: Anything.openapi({ description: 'the stored finding: trail, controls, risk with factors, plan (review JSON schema)' }),
    state: z.object({ status: z.string(), assignee: z.string().optional(), updatedAt: z.string().optional(), updatedBy: z.string().optional() }),
    evidence: z.array(Anything).openapi({ description: 'check and attack results for this asset and technique (transcripts, adversarial examples in their details)' }),
    history: z.array(z.object({ reviewId: z.number().int(), reviewDate: z.string(), coverage: z.string(), score: z.number(), level: z.string() })),
    changes: z.array(z.object({ at: z.string(), actor: z.string(), before: z.any().optional(), after: z.any().optional() })),
    waivers: z.array(Anything),
    requests: z.array(Anything),
  })
  .openapi('FindingDetail');
const PlanItemSchema = z
  .object({ action: z.string(), control: z.string(), title: z.string(), type: z.string(), mitigations: z.array(z.string()), assets: z.array(z.string()), owners: z.array(z.string()), findings: z.number().int(), riskRemoved: z.number(), due: z.string(), questions: z.array(z.string()), steps: z.array(z.string()).optional() })
  .openapi('PlanItem');

/** What the web UI's finding page and plan board read beyond the findings list (asset owners: their assets only). */
export function findingDetailRoutes(deps: ServerDeps) {
  const app = newRouter();
  const { store } = deps;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/organisations/{organisation}/findings/{assetId}/{techniqueId}/detail',
      summary: "A finding of the organisation's latest review in full: reasoning trail, evidence, risk factors, plan, waivers, and its history across reviews",
      tags: ['findings'],
      middleware: [allow('findings')],
      request: { params: KeyParams },
      responses: { 200: jsonContent(Detail, 'the finding'), ...ERRORS },
    }),
    async (c) => {
      const key = c.req.valid('param');
      const actor = c.get('actor');
      const latest = await latestReviewOf(store, key.organisation).catch(() => undefined);
      const missing = notFound(`finding ${key.assetId}/${key.techniqueId}`);
      // Another owner's asset answers as a missing one: ids are not for guessing.
      if (!latest || !(await mayTouchAsset(store, actor, key.organisation, latest.id, key.assetId))) throw missing;
      const detail = await findingDetail(store, latest.id, key);
      if (!detail) throw missing;
      return c.json({ reviewId: latest.id, reviewDate: latest.reviewDate, state: await getFindingState(store, key), ...detail }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/reviews/{id}/plan', summary: "A review's remediation plan: actions by owning team and due date (asset owners: items on their assets)", tags: ['findings'], middleware: [allow('findings')], request: { params: ReviewIdParam }, responses: { 200: jsonContent(z.object({ reviewId: z.number().int(), organisation: z.string(), reviewDate: z.string(), items: z.array(PlanItemSchema) }), 'the plan'), ...ERRORS } }),
    async (c) => {
      const meta = await reviewOr404(store, c.req.valid('param').id);
      const items = await reviewPlan(store, meta.id, meta.organisation, c.get('actor'));
      return c.json({ reviewId: meta.id, organisation: meta.organisation, reviewDate: meta.reviewDate, items }, 200);
    },
  );
  return app;
}
