import type { ReviewSummary } from './summary.ts';

/** What the store knows about a stored review without reading its findings. */
export interface StoredReviewMeta {
  id: number;
  /** When the review was stored (ISO). */
  storedAt: string;
  /** Who ran it: --by, RAMPART_USER, the CI actor, or the OS user. */
  runBy: string;
  organisation: string;
  reviewDate: string;
  generatedAt: string;
  atlasVersion: string;
  rampartVersion: string;
  assetCount: number;
  findingCount: number;
  summary: ReviewSummary;
}

/** Who is running rampart, for the record: an explicit name, else the CI's actor, else the OS account. */
export function whoRuns(explicit: string | undefined, env: NodeJS.ProcessEnv, osUser: () => string): string {
  const named = explicit ?? env.RAMPART_USER ?? env.GITHUB_ACTOR ?? env.GITLAB_USER_LOGIN ?? env.BUILD_REQUESTEDFOR;
  if (named?.trim()) return named.trim();
  try {
    return osUser() || 'unknown';
  } catch {
    return 'unknown';
  }
}
