import type { StopReason } from '../../attacks/context.ts';

/**
 * One rule for every prediction-API check (evasion, extraction, membership inference, exposure): when the
 * target fails mid-run (down, a storm of 5xx, timeouts, answers it cannot read), the run proves neither a
 * pass nor a fail. The outcome is `inconclusive`, the details and measurements hold the results so far, and
 * the summary says what was found before the failure and what the target said.
 */
export function afterTargetFailure(stop: { stopped?: StopReason; stoppedBy?: string }, soFar: string): { outcome: 'inconclusive'; severity: 'info'; summary: string } | undefined {
  if (stop.stopped !== 'target-error') return undefined;
  return { outcome: 'inconclusive', severity: 'info', summary: `The target failed before the attack finished; so far: ${soFar} — ${stop.stoppedBy ?? 'no message'}` };
}
