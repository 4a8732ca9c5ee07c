import { Cron } from 'croner';

/** Quarterly by default: 06:00 on the first day of January, April, July and October. */
export const QUARTERLY = '0 6 1 1,4,7,10 *';

/** Why a cron expression or time zone is refused, or undefined when croner takes it. */
export function cronProblem(pattern: string, timezone: string): string | undefined {
  try {
    new Cron(pattern, { timezone, paused: true }).nextRun(new Date(0));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The latest slot at or before `now` (and not before `since`): the review a schedule owes. */
export function dueSlot(pattern: string, timezone: string, now: Date, since: Date): Date | undefined {
  const [slot] = new Cron(pattern, { timezone, paused: true }).previousRuns(1, new Date(now.getTime() + 1));
  return slot && slot >= since ? slot : undefined;
}

export function nextSlot(pattern: string, timezone: string, after: Date): Date | undefined {
  return new Cron(pattern, { timezone, paused: true }).nextRun(after) ?? undefined;
}
