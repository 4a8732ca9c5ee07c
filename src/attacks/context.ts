/** What an attack may touch besides its target: cancellation, a deadline and a progress sink. */
export interface AttackContext {
  signal?: AbortSignal;
  /** Stop starting new work after this time (ms since epoch); what was found so far is returned. */
  deadline?: number;
  /** `done` of `total` units (inputs, queries) finished. */
  progress?: (done: number, total: number) => void;
}

/** Why an attack stopped early, as reported in its result. */
export type StopReason = 'budget' | 'deadline' | 'aborted' | 'target-error';

export function deadlinePassed(context: AttackContext): boolean {
  return context.deadline !== undefined && Date.now() >= context.deadline;
}
