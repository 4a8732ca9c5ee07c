import { createRoute, z } from '@hono/zod-openapi';
import { ROLE_PATTERN } from '../../review/signoff.ts';
import { addSignoff, listSignoffs } from '../../store/signoffs.ts';
import { isCalendarDay } from '../../util/calendar-day.ts';
import { listWaivers } from '../../store/waivers.ts';
import { allow } from '../access.ts';
import type { ServerDeps } from '../deps.ts';
import type { Actor } from '../env.ts';
import { mayTouchAsset, ownedAssets } from '../findings/ownership.ts';
import { notFound } from '../http-error.ts';
import { ERRORS, jsonBody, jsonContent, newRouter, ReviewIdParam } from '../router.ts';
import { latestReviewOf, reviewOr404 } from '../reviews/lookup.ts';
import { approveWaiverRequest, findWaiver, getWaiverRequest, listWaiverRequests, rejectWaiverRequest, requestWaiver, revokeWaiver } from '../waivers/workflow.ts';

const OrgParam = z.object({ organisation: z.string().min(1).openapi({ param: { name: 'organisation', in: 'path' } }) });
const OrgIdParams = OrgParam.extend({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' } }) });
const WaiverSchema = z
  .object({ id: z.number().int(), organisation: z.string().optional(), findingId: z.string(), justification: z.string(), approver: z.string(), expires: z.string(), createdAt: z.string(), createdBy: z.string() })
  .openapi('Waiver');
const RequestSchema = z
  .object({ id: z.number().int(), organisation: z.string(), findingId: z.string(), justification: z.string(), expires: z.string(), requestedBy: z.string(), requestedAt: z.string(), state: z.enum(['pending', 'approved', 'rejected']), waiverId: z.number().int().optional(), decidedBy: z.string().optional(), reason: z.string().optional().openapi({ description: 'why it was rejected' }) })
  .openapi('WaiverRequest');
const NewRequest = z
  .object({
    findingId: z.string().min(3).max(300).openapi({ example: 'credit-scoring/AML.T0015' }),
    justification: z.string().min(10).max(4_000),
    expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine(isCalendarDay, 'not a day of the calendar'),
  })
  .openapi('NewWaiverRequest');
const Revocation = z.object({ reason: z.string().min(3).max(2_000) }).openapi('WaiverRevocation');
const Rejection = z.object({ reason: z.string().min(3).max(2_000) }).openapi('WaiverRejection');
const SignoffSchema = z.object({ id: z.number().int(), reviewId: z.number().int(), role: z.string(), name: z.string(), note: z.string().optional(), signedAt: z.string() }).openapi('Signoff');
const NewSignoff = z.object({ role: z.string().regex(ROLE_PATTERN, 'a lower-case word such as security or data-science'), note: z.string().max(2_000).optional() }).openapi('NewSignoff');

export function waiverRoutes(deps: ServerDeps) {
  const app = newRouter();
  const { store } = deps;

  /** What an asset owner may see: only the waivers and requests on their own assets. */
  const visibleTo = async (actor: Actor, organisation: string): Promise<(findingId: string) => boolean> => {
    if (actor.role !== 'asset-owner') return () => true;
    const latest = await latestReviewOf(store, organisation).catch(() => undefined);
    const owned = latest ? await ownedAssets(store, actor, organisation, latest.id) : new Set<string>();
    return (findingId) => owned.has(findingId.slice(0, findingId.lastIndexOf('/')));
  };

  app.openapi(
    createRoute({ method: 'get', path: '/organisations/{organisation}/waivers', summary: "The organisation's waivers (active and expired; revoked ones are gone) and waiver requests", tags: ['waivers'], middleware: [allow('findings')], request: { params: OrgParam }, responses: { 200: jsonContent(z.object({ waivers: z.array(WaiverSchema), requests: z.array(RequestSchema) }), 'waivers'), ...ERRORS } }),
    async (c) => {
      const { organisation } = c.req.valid('param');
      const visible = await visibleTo(c.get('actor'), organisation);
      const waivers = (await listWaivers(store, { organisation })).filter((w) => visible(w.findingId));
      const requests = (await listWaiverRequests(store, organisation)).filter((r) => visible(r.findingId));
      return c.json({ waivers, requests }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/organisations/{organisation}/waiver-requests', summary: "Ask to accept a finding's risk until a date", tags: ['waivers'], middleware: [allow('triage')], request: { params: OrgParam, ...jsonBody(NewRequest) }, responses: { 201: jsonContent(RequestSchema, 'requested'), ...ERRORS } }),
    async (c) => {
      const { organisation } = c.req.valid('param');
      const body = c.req.valid('json');
      const actor = c.get('actor');
      const latest = await latestReviewOf(store, organisation);
      const assetId = body.findingId.slice(0, Math.max(0, body.findingId.lastIndexOf('/')));
      if (!(await mayTouchAsset(store, actor, organisation, latest.id, assetId))) throw notFound(`finding ${body.findingId}`);
      const request = await requestWaiver(store, { organisation, ...body, requestedBy: actor.name }, deps.clock);
      await deps.audit({ actor: actor.name, action: 'waiver.request', target: `waiver-request/${request.id}`, after: request });
      return c.json(request, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/organisations/{organisation}/waiver-requests/{id}/approve', summary: 'Approve a waiver request (not your own): the waiver counts from now until its expiry', tags: ['waivers'], middleware: [allow('review')], request: { params: OrgIdParams }, responses: { 200: jsonContent(z.object({ request: RequestSchema, waiver: WaiverSchema }), 'approved'), ...ERRORS } }),
    async (c) => {
      const { organisation, id } = c.req.valid('param');
      const request = await getWaiverRequest(store, id);
      if (!request || request.organisation !== organisation) throw notFound(`waiver request ${id}`);
      const approved = await approveWaiverRequest(store, request, c.get('actor').name, deps.clock);
      await deps.audit({ actor: c.get('actor').name, action: 'waiver.approve', target: `waiver/${approved.waiver.id}`, before: request, after: approved });
      return c.json(approved, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/organisations/{organisation}/waiver-requests/{id}/reject', summary: 'Reject a pending waiver request, saying why (kept on the request and in the audit log)', tags: ['waivers'], middleware: [allow('review')], request: { params: OrgIdParams, ...jsonBody(Rejection) }, responses: { 200: jsonContent(RequestSchema, 'rejected'), ...ERRORS } }),
    async (c) => {
      const { organisation, id } = c.req.valid('param');
      const request = await getWaiverRequest(store, id);
      if (!request || request.organisation !== organisation) throw notFound(`waiver request ${id}`);
      const rejected = await rejectWaiverRequest(store, request, c.get('actor').name, c.req.valid('json').reason, deps.clock);
      await deps.audit({ actor: c.get('actor').name, action: 'waiver.reject', target: `waiver-request/${id}`, before: request, after: rejected });
      return c.json(rejected, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/organisations/{organisation}/waivers/{id}/revoke', summary: 'Revoke a waiver: it stops counting at once (the record is kept)', tags: ['waivers'], middleware: [allow('review')], request: { params: OrgIdParams, ...jsonBody(Revocation) }, responses: { 204: { description: 'revoked' }, ...ERRORS } }),
    async (c) => {
      const { organisation, id } = c.req.valid('param');
      const waiver = await findWaiver(store, organisation, id);
      if (!waiver) throw notFound(`waiver ${id} in force`);
      const { reason } = c.req.valid('json');
      await revokeWaiver(store, waiver, c.get('actor').name, reason);
      await deps.audit({ actor: c.get('actor').name, action: 'waiver.revoke', target: `waiver/${id}`, before: waiver, after: { revoked: true, reason } });
      return c.body(null, 204);
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/reviews/{id}/signoffs', summary: "A review's sign-offs", tags: ['sign-offs'], middleware: [allow('anyone')], request: { params: ReviewIdParam }, responses: { 200: jsonContent(z.array(SignoffSchema), 'sign-offs'), ...ERRORS } }), async (c) => {
    const { id } = c.req.valid('param');
    await reviewOr404(store, id);
    return c.json(await listSignoffs(store, id), 200);
  });

  app.openapi(
    createRoute({ method: 'post', path: '/reviews/{id}/signoffs', summary: 'Sign a review off in a role, as yourself (each role once)', tags: ['sign-offs'], middleware: [allow('review')], request: { params: ReviewIdParam, ...jsonBody(NewSignoff) }, responses: { 201: jsonContent(SignoffSchema, 'signed'), ...ERRORS } }),
    async (c) => {
      const { id } = c.req.valid('param');
      await reviewOr404(store, id);
      const body = c.req.valid('json');
      const signoff = await addSignoff(store, { reviewId: id, role: body.role, name: c.get('actor').name, note: body.note });
      await deps.audit({ actor: c.get('actor').name, action: 'review.signoff', target: `review/${id}`, after: signoff });
      return c.json(signoff, 201);
    },
  );
  return app;
}
