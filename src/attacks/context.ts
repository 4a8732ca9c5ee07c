import { BudgetExhaustedError } from '../targets/prediction-target.ts';

/** What an attack may touch besides its target: cancellation, a deadline and a progress sink. */
export interface AttackContext {
  signal?: AbortSignal;
  /** Stop starting new work after this time (ms since epoch; see `withDeadline` for calls in flight); what was found so far is returned. */
  deadline?: number;
  /** `done` of `total` units (inputs, queries) finished. */
  progress?: (done: number, total: number) => void;
}

/** Why an attack stopped early, as reported in its result. */
export type StopReason = 'budget' | 'deadline' | 'aborted' | 'target-error';

/**
 * Why an error ended an attack, the same way in every attack: the budget, the deadline or the user, else
 * the target failed (a dead server, a storm of 5xx, timeouts, a lie) — whose message is kept for the report.
 */
export function stopOf(error: unknown): { stopped: StopReason; stoppedBy: string } {
  const stoppedBy = error instanceof Error ? error.message : String(error);
  if (error instanceof BudgetExhaustedError) return { stopped: 'budget', stoppedBy };
  if (error instanceof DeadlinePassed) return { stopped: 'deadline', stoppedBy };
  if (error instanceof Error && error.name === 'AbortError') return { stopped: 'aborted', stoppedBy };
  return { stopped: 'target-error', stoppedBy };
}

export function deadlinePassed(context: AttackContext): boolean {
  return context.deadline !== undefined && Date.now() >= context.deadline;
}

/** The abort reason when the deadline cuts a call short. */
export class DeadlinePassed extends Error {
  constructor(deadline: number) {
    super(`the deadline (${new Date(deadline).toISOString()}) passed with a call in flight`);
    // An AbortError to every attack: stop and keep the results.
    this.name = 'AbortError';
  }
}

/** Whether the context's signal was aborted by its deadline rather than by the user. */
export function cutByDeadline(context: AttackContext): boolean {
  return context.signal?.reason instanceof DeadlinePassed;
}

/**
 * The context's signal, also aborted when the deadline passes. Checking the deadline between calls is not
 * enough: a target that hangs would hold the attack for its whole timeout and retries, far past
 * `--max-seconds`, so a call still in flight at the deadline is abandoned. The reason is an `AbortError`
 * (what attacks already treat as "stop, keep the results") whose message names the deadline.
 */
export function withDeadline(context: AttackContext): { context: AttackContext; dispose(): void } {
  const { deadline } = context;
  if (deadline === undefined) return { context, dispose: () => undefined };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlinePassed(deadline)), Math.max(0, deadline - Date.now()));
  timer.unref();
  const signal = context.signal ? AbortSignal.any([context.signal, controller.signal]) : controller.signal;
  return { context: { ...context, signal }, dispose: () => clearTimeout(timer) };
}
