import { z } from 'zod';

/**
 * `review`: a review of an inventory; with checks it fans out into one `check` job per check and target, and an
 * `assemble` job stores the review from their evidence once the last has run (a campaign spread over workers).
 * `check`: one check (or attack) on one asset. `assemble`: the review of a campaign, from its checks' evidence.
 */
export const JOB_KINDS = ['review', 'check', 'assemble'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** `waiting`: a review whose check jobs are still running. */
export const JOB_STATES = ['queued', 'active', 'waiting', 'completed', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const FINISHED: readonly JobState[] = ['completed', 'failed', 'cancelled'];

export const ReviewPayload = z.object({
  inventoryDir: z.string().min(1),
  organisation: z.string().optional(),
  /** Check ids or families; absent: no checks (the review analyses claims only). */
  checks: z.array(z.string()).optional(),
  /** Hosts checks may send traffic to; every host the inventory names when absent. */
  allowHosts: z.array(z.string()).optional(),
  reason: z.enum(['manual', 'schedule', 'webhook', 'ci']),
  /** Only these assets' checks run (a webhook about one model); every asset when absent. */
  assets: z.array(z.string()).optional(),
});
export type ReviewPayload = z.infer<typeof ReviewPayload>;

export const CheckPayload = z.object({
  inventoryDir: z.string().min(1),
  assetId: z.string(),
  checkId: z.string(),
  allowHosts: z.array(z.string()).optional(),
});
export type CheckPayload = z.infer<typeof CheckPayload>;

/** The campaign's review: its payload is the parent review's, its evidence the children's. */
export const AssemblePayload = z.object({ parentId: z.string() });

export const PAYLOADS = { review: ReviewPayload, check: CheckPayload, assemble: AssemblePayload } as const;

export interface JobRecord {
  id: string;
  key: string;
  kind: JobKind;
  parentId: string | null;
  organisation: string | null;
  payload: unknown;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  worker: string | null;
  progress: { done: number; total: number; message: string | null };
  result: unknown;
  error: string | null;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface EnqueueRequest {
  kind: JobKind;
  /** Idempotency key: a second enqueue with the same key returns the first job and queues nothing. */
  key: string;
  payload: unknown;
  requestedBy: string;
  organisation?: string;
  parentId?: string;
}
