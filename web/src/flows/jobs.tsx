import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { JobRecord } from '../../../src/jobs/job.ts';
import { apiGet } from '../api/client.ts';

/** A job as GET /api/jobs answers it (src/jobs/routes.ts): the server's record without its payload (it names folders on the server). */
export type Job = Omit<JobRecord, 'payload'>;

export const FINISHED: readonly Job['state'][] = ['completed', 'failed', 'cancelled'];

/** How often running work is asked about: often enough to watch, rare enough for a shared machine. */
export const POLL_MS = 1_000;

/**
 * Ask again every POLL_MS while `active` says there is something running; each answer schedules the next question,
 * so a slow server is never asked twice at once.
 */
export function usePoll<T>(load: () => Promise<T>, key: string, active: (value: T) => boolean): { data: T | undefined; error: unknown } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown }>({ data: undefined, error: undefined });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () => {
      load().then(
        (data) => {
          if (stopped) return;
          setState({ data, error: undefined });
          if (active(data)) timer = setTimeout(ask, POLL_MS);
        },
        (error: unknown) => {
          if (stopped) return;
          setState((s) => ({ data: s.data, error }));
          timer = setTimeout(ask, POLL_MS * 5);
        },
      );
    };
    ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // `key` names what `load` reads; `load` and `active` are new closures every render.
  }, [key]);
  return state;
}

/** The stored review a finished review job made, if any. */
export function reviewOf(job: Job): number | undefined {
  const id = (job.result as { reviewId?: unknown } | null)?.reviewId;
  return typeof id === 'number' ? id : undefined;
}

/** One job's state and progress, as a labelled progress bar and words. */
export function JobLine(props: { job: Job }) {
  const { job } = props;
  const { done, total, message } = job.progress;
  const review = reviewOf(job);
  return (
    <span className="job-line">
      <span className="state-pill">{job.state}</span>{' '}
      {!FINISHED.includes(job.state) && (
        <progress max={total || 1} value={total ? done : undefined} aria-label={`${job.kind} job ${job.id} progress`}>
          {done}/{total}
        </progress>
      )}{' '}
      {total > 0 ? `${done}/${total}` : ''} {message ?? ''}
      {job.error && <span className="overdue"> {job.error}</span>}
      {review !== undefined && (
        <>
          {' '}
          <Link href={`/reviews/${review}`}>Review #{review}</Link>
        </>
      )}
    </span>
  );
}

/** Follow one job until it finishes. */
export function useJob(id: string | undefined): { job: Job | undefined; children: Job[]; error: unknown } {
  const polled = usePoll(() => (id ? apiGet<{ job: Job; children: Job[] }>(`/jobs/${encodeURIComponent(id)}`) : Promise.resolve(undefined)), id ?? '', (v) => v !== undefined && !FINISHED.includes(v.job.state));
  return { job: polled.data?.job, children: polled.data?.children ?? [], error: polled.error };
}
