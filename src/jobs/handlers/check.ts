import { runInventoryChecks } from '../../checks/run-checks.ts';
import { inputError } from '../../errors.ts';
import { loadInventory } from '../../inventory/load.ts';
import { inTransaction, type Executor } from '../../store/executor.ts';
import { childCounts, findJob, recordProgress } from '../job-table.ts';
import { CheckPayload, type JobRecord } from '../job.ts';
import type { JobContext } from './index.ts';
import { inventoryRoot } from './review.ts';

/**
 * One check on one asset. Its evidence is stored under the job's key (once, whatever the retries) in the
 * transaction that completes the job; in that same transaction the campaign's progress moves on, and the check that
 * completes the campaign queues its assembly.
 */
export async function checkJob(job: JobRecord, context: JobContext): Promise<void> {
  const payload = CheckPayload.parse(job.payload);
  const inventory = await loadInventory(payload.inventoryDir);
  const asset = inventory.assets.find((a) => a.id === payload.assetId);
  if (!asset) throw inputError(`the inventory has no asset "${payload.assetId}"`, { file: payload.inventoryDir }, 'the inventory changed since the job was queued; start the review again');
  const root = await inventoryRoot(payload.inventoryDir);
  await context.progress(0, 1, `${payload.checkId} on ${asset.id}`);
  const evidence = await runInventoryChecks({ ...inventory, assets: [asset] }, { root, only: [payload.checkId], signal: context.signal, ...(payload.allowHosts ? { allowHosts: payload.allowHosts } : {}) });
  context.signal.throwIfAborted();
  await inTransaction(context.store.db, async (exec) => {
    // The campaign's row first: check jobs finishing together then take turns, each sees the others' completion,
    // and exactly one of them finds the campaign complete.
    const parent = job.parentId ? await lockJob(exec, job.parentId) : undefined;
    await exec.executeSql(`insert into job_evidence (job_key, parent_id, evidence) values ($1, $2, $3::jsonb) on conflict (job_key) do nothing`, [job.key, job.parentId, JSON.stringify(evidence)]);
    await context.finish(exec, { evidence: evidence.length, outcomes: evidence.map((e) => e.outcome) }, { progress: { done: 1, total: 1 } });
    if (!parent) return;
    const counts = await childCounts(exec, parent.id);
    await recordProgress(exec, parent.id, counts.completed, counts.total, `${counts.completed} of ${counts.total} check jobs done`);
    if (counts.completed === counts.total) {
      await context.enqueue({ kind: 'assemble', key: `${parent.key}/assemble`, payload: { parentId: parent.id }, requestedBy: parent.requestedBy, ...(parent.organisation ? { organisation: parent.organisation } : {}) }, exec);
    }
  });
}

async function lockJob(exec: Executor, id: string): Promise<JobRecord | undefined> {
  await exec.executeSql('select id from job where id = $1 for update', [id]);
  return findJob(exec, id);
}
