import type { CheckRun } from '../checks/run-checks.ts';

/** What `review --checks` does when a check could not run on a target: fail the run (exit 3), or only warn. */
export type UnrunnablePolicy = 'fail' | 'warn';

/**
 * The checks part of `review --checks` in words: which ran (and their outcome), which could not and why
 * (unreachable target, error, missing parameters), and which selected checks had nothing to run on.
 */
export function describeCheckRuns(runs: readonly CheckRun[]): string {
  const ran = runs.filter((r) => r.status === 'ran');
  const failed = runs.filter((r) => r.status === 'could-not-run');
  const idle = runs.filter((r) => r.status === 'no-target');
  const lines = [`Checks: ${ran.length} ran, ${failed.length} could not run, ${idle.length} had nothing to run on`];
  for (const r of runs) {
    if (r.status === 'ran') lines.push(`  ran          ${r.checkId} on ${r.assetId} (${r.target}): ${r.outcome}`);
    else if (r.status === 'could-not-run') lines.push(`  could not    ${r.checkId} on ${r.assetId} (${r.target}): ${r.reason}`);
    else lines.push(`  no target    ${r.checkId}: ${r.reason}`);
  }
  return lines.join('\n');
}

export function unrunnable(runs: readonly CheckRun[]): number {
  return runs.filter((r) => r.status === 'could-not-run').length;
}
