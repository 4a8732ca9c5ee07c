import { Hono } from 'hono';
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

/**
 * `/hooks/{trigger id}` (mounted without a session: the signature is the credential). A delivery whose signature,
 * timestamp or trigger id does not check out is refused with 401 and audited as refused, with the same answer whichever
 * it was. A verified one starts a review of the assets it names with the trigger's checks; its delivery id is the job's
 * key, so a replay (or the sender's retry) starts nothing new.
 */
export function triggerRoutes(deps: TriggerRouteDeps): Hono<ServerEnv> {
  const clock = deps.clock ?? (() => new Date());
  const exec = kyselyExecutor(deps.store.db);
  const app = new Hono<ServerEnv>();
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
