import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuditSink } from '../audit/audit-sink.ts';
import { loadInventory } from '../inventory/load.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { enqueueReview } from '../jobs/review-starter.ts';
import type { ServerEnv } from '../server/env.ts';
import type { Store } from '../store/connection.ts';
import { kyselyExecutor } from '../store/executor.ts';
import { assetsForModel, readEvent } from './events.ts';
import { DEFAULT_WINDOW_SECONDS, verifyDelivery } from './signature.ts';
import { findTrigger, type Trigger } from './trigger-store.ts';

export interface TriggerRouteDeps {
  store: Store;
  queue: JobQueue;
  audit: AuditSink;
  clock?: () => Date;
  /** How far a delivery's timestamp may be from the server's clock. */
  windowSeconds?: number;
}

/** MLflow's headers for MLflow triggers; the same scheme under Rampart's names for generic and CI triggers. */
const HEADERS = {
  mlflow: { signature: 'x-mlflow-signature', deliveryId: 'x-mlflow-delivery-id', timestamp: 'x-mlflow-timestamp' },
  rampart: { signature: 'x-rampart-signature', deliveryId: 'x-rampart-delivery-id', timestamp: 'x-rampart-timestamp' },
};

const Problem = z.object({ error: z.string() }).openapi('DeliveryProblem');
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const header = (name: string, description: string) => z.string().optional().openapi({ param: { name, in: 'header' }, description });

/**
 * The webhook as the OpenAPI document describes it. Only described: the handler reads the raw body itself, because the
 * signature is over its exact bytes, and a validator that parsed it first would hand back a re-serialised copy.
 */
const deliver = createRoute({
  method: 'post',
  path: '/{id}',
  summary: 'Deliver a signed registry, generic or CI event: starts a review of the affected assets (no session: the HMAC signature is the credential)',
  tags: ['triggers'],
  security: [],
  request: {
    params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, description: 'the trigger id' }) }),
    headers: z.object({
      'x-mlflow-signature': header('x-mlflow-signature', 'mlflow triggers: v1,<base64 HMAC-SHA256(secret, "<delivery id>.<timestamp>.<raw body>")>'),
      'x-mlflow-delivery-id': header('x-mlflow-delivery-id', 'mlflow triggers: unique per delivery; the job key, so a replay starts nothing new'),
      'x-mlflow-timestamp': header('x-mlflow-timestamp', 'mlflow triggers: Unix seconds, within 5 minutes of the server clock'),
      'x-rampart-signature': header('x-rampart-signature', 'generic and ci triggers: as x-mlflow-signature'),
      'x-rampart-delivery-id': header('x-rampart-delivery-id', 'generic and ci triggers: as x-mlflow-delivery-id'),
      'x-rampart-timestamp': header('x-rampart-timestamp', 'generic and ci triggers: as x-mlflow-timestamp'),
    }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({ assets: z.array(z.string()).optional(), models: z.array(z.string()).optional(), checks: z.array(z.string()).optional(), commit: z.string().optional(), pipeline: z.string().optional() })
            .passthrough()
            .openapi('Delivery', { description: 'generic and ci: these fields (all optional; none: every asset); mlflow: an MLflow 3 webhook payload ({entity, action, data})' }),
        },
      },
    },
  },
  responses: {
    202: json(z.object({ jobId: z.string().optional(), assets: z.array(z.string()).optional(), ignored: z.string().optional() }), 'accepted: a review job started, or the event ignored (and why)'),
    400: json(Problem, 'a verified delivery whose body is not a usable event'),
    401: json(Problem, 'signature, timestamp or trigger id do not check out (audited as refused)'),
  },
});

/**
 * `/hooks/{trigger id}` (mounted without a session: the signature is the credential). A delivery whose signature,
 * timestamp or trigger id does not check out is refused with 401 and audited as refused, with the same answer whichever
 * it was. A verified one starts a review of the assets it names with the trigger's checks; its delivery id is the job's
 * key, so a replay (or the sender's retry) starts nothing new.
 */
export function triggerRoutes(deps: TriggerRouteDeps): OpenAPIHono<ServerEnv> {
  const clock = deps.clock ?? (() => new Date());
  const exec = kyselyExecutor(deps.store.db);
  const app = new OpenAPIHono<ServerEnv>();
  app.openAPIRegistry.registerPath(deliver);
  app.post('/:id', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.text();
    const found = await findTrigger(exec, id).catch(() => undefined);
    const names = found?.trigger.source === 'mlflow' ? HEADERS.mlflow : HEADERS.rampart;
    const delivery = { signature: c.req.header(names.signature), deliveryId: c.req.header(names.deliveryId), timestamp: c.req.header(names.timestamp), body };
    const verdict = found ? verifyDelivery(found.secret, delivery, clock(), deps.windowSeconds ?? DEFAULT_WINDOW_SECONDS) : { ok: false as const, reason: 'no such trigger' };
    if (!verdict.ok) {
      await deps.audit({ actor: `webhook@${c.req.header('x-forwarded-for') ?? 'unknown'}`, action: 'trigger.deliver', target: `trigger/${id}`, after: { reason: verdict.reason, deliveryId: delivery.deliveryId ?? null }, outcome: 'refused' });
      return c.json({ error: 'delivery refused: signature, timestamp or trigger id do not check out' }, 401);
    }
    const { trigger } = found as { trigger: Trigger };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return c.json({ error: 'the body is not JSON' }, 400);
    }
    const ask = readEvent(trigger.source, parsed);
    if (ask.kind === 'invalid') return c.json({ error: ask.why }, 400);
    const actor = `trigger/${trigger.id}`;
    if (ask.kind === 'ignore') return c.json({ ignored: ask.why }, 202);
    const assets = await affectedAssets(trigger, ask.models, ask.assets);
    if (assets.length === 0) {
      await deps.audit({ actor, action: 'trigger.deliver', target: `trigger/${id}`, after: { event: ask.describe, started: null, why: 'no asset of the inventory matches' }, outcome: 'success' });
      return c.json({ ignored: `no asset of the inventory is ${[...ask.models, ...ask.assets].join(', ') || 'named'}` }, 202);
    }
    const checks = ask.kind === 'review' && ask.checks ? ask.checks : (trigger.checks ?? undefined);
    const job = await enqueueReview(
      deps.queue,
      { inventoryDir: trigger.inventoryDir, requestedBy: actor, reason: trigger.source === 'ci' ? 'ci' : 'webhook', assets, ...(trigger.organisation ? { organisation: trigger.organisation } : {}), ...(checks ? { checks } : {}) },
      `${actor}/${delivery.deliveryId}`,
    );
    await deps.audit({ actor, action: 'trigger.deliver', target: `trigger/${id}`, after: { event: ask.describe, assets, jobId: job.id }, outcome: 'success' });
    return c.json({ jobId: job.id, assets }, 202);
  });
  return app;
}

async function affectedAssets(trigger: Trigger, models: readonly string[], named: readonly string[]): Promise<string[]> {
  const inventory = await loadInventory(trigger.inventoryDir);
  const known = new Set(inventory.assets.map((a) => a.id));
  const fromModels = models.flatMap((name) => assetsForModel(name, inventory.assets, trigger.modelMap));
  const everything = models.length === 0 && named.length === 0;
  return everything ? [...known] : [...new Set([...fromModels, ...named])].filter((id) => known.has(id));
}
