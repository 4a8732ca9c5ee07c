import type { Evidence } from '../../checks/contract.ts';
import { kyselyExecutor } from '../../store/executor.ts';
import { completeWaiting, findJob } from '../job-table.ts';
import { AssemblePayload, ReviewPayload, type JobRecord } from '../job.ts';
import type { JobContext } from './index.ts';
import { storeReview } from './store-review.ts';

/** The review of a campaign, from the evidence its check jobs stored; stored under the campaign's key, once. */
export async function assembleJob(job: JobRecord, context: JobContext): Promise<void> {
  const { parentId } = AssemblePayload.parse(job.payload);
  const exec = kyselyExecutor(context.store.db);
  const parent = await findJob(exec, parentId);
  if (!parent) throw new Error(`the campaign ${parentId} of assembly job ${job.id} is not in the store`);
  const payload = ReviewPayload.parse(parent.payload);
  const rows = await exec.executeSql('select evidence from job_evidence where parent_id = $1 order by job_key', [parentId]);
  const evidence = rows.rows.flatMap((row) => row.evidence as Evidence[]);
  await storeReview(context, {
    inventoryDir: payload.inventoryDir,
    evidence,
    runBy: parent.requestedBy,
    jobKey: parent.key,
    onStored: async (inside, reviewId) => {
      await context.finish(inside, { reviewId });
      await completeWaiting(inside, parentId, { reviewId });
    },
  });
}
