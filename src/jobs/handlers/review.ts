import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { selectChecks } from '../../checks/select-checks.ts';
import { targetsOf } from '../../checks/run-checks-targets.ts';
import { checks as registered } from '../../checks/registry.ts';
import { loadInventory } from '../../inventory/load.ts';
import { inTransaction } from '../../store/executor.ts';
import { ReviewPayload, type JobRecord } from '../job.ts';
import type { JobContext } from './index.ts';
import { storeReview } from './store-review.ts';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined };

/**
 * A review. Without checks it is analysed and stored here. With checks it becomes a campaign: one check job per
 * check and target, queued in the transaction that leaves this job waiting; the last of them queues the assembly.
 */
export async function reviewJob(job: JobRecord, context: JobContext): Promise<void> {
  const payload = ReviewPayload.parse(job.payload);
  if (payload.organisation !== undefined) {
    // `POST /api/reviews` (and a schedule or trigger made for one organisation) promises to refuse another's inventory.
    const { organisation } = await loadInventory(payload.inventoryDir);
    if (organisation !== payload.organisation) throw new Error(`the inventory is of "${organisation ?? 'no organisation'}", not "${payload.organisation}"`);
  }
  const plan = payload.checks?.length ? await planCampaign(payload) : [];
  if (plan.length === 0) {
    await storeReview(context, { inventoryDir: payload.inventoryDir, evidence: [], runBy: job.requestedBy, jobKey: job.key, onStored: (exec, reviewId) => context.finish(exec, { reviewId }) });
    return;
  }
  await inTransaction(context.store.db, async (exec) => {
    for (const { assetId, checkId } of plan) {
      const request = { inventoryDir: payload.inventoryDir, assetId, checkId, ...(payload.allowHosts ? { allowHosts: payload.allowHosts } : {}) };
      await context.enqueue({ kind: 'check', key: `${job.key}/check/${assetId}/${checkId}`, payload: request, requestedBy: job.requestedBy, parentId: job.id, ...(job.organisation ? { organisation: job.organisation } : {}) }, exec);
    }
    await context.finish(exec, { checkJobs: plan.length }, { state: 'waiting', progress: { done: 0, total: plan.length } });
  });
}

/** Every (asset, check) pair with something to run on; the assets a webhook named, or all. */
export async function planCampaign(payload: ReviewPayload): Promise<{ assetId: string; checkId: string }[]> {
  const inventory = await loadInventory(payload.inventoryDir);
  const root = await inventoryRoot(payload.inventoryDir);
  const selected = selectChecks(registered, payload.checks);
  const plan: { assetId: string; checkId: string }[] = [];
  for (const asset of inventory.assets) {
    if (payload.assets && !payload.assets.includes(asset.id)) continue;
    for (const check of selected) {
      const targets = await targetsOf(asset, check.targetKind, { root, logger: silent, assets: inventory.assets, ...(payload.allowHosts ? { allowHosts: payload.allowHosts } : {}) });
      if (targets.length > 0) plan.push({ assetId: asset.id, checkId: check.id });
    }
  }
  return plan;
}

export async function inventoryRoot(path: string): Promise<string> {
  return (await stat(path)).isDirectory() ? path : dirname(path);
}
