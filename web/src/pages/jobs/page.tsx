import '../../flows/flows.css';
import { useState } from 'react';
import { apiGet, apiSend } from '../../api/client.ts';
import { minute } from '../../flows/format.ts';
import { FINISHED, JobLine, useJob, usePoll, type Job } from '../../flows/jobs.tsx';
import { useAction } from '../../flows/use-load.ts';
import { useSession } from '../../session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page as Frame } from '../../ui/page.tsx';

/**
 * Running and recent work: review jobs, the check and attack jobs a review fans out into, and the assembly that
 * stores the review. Polled every second while anything is unfinished, then left alone; a reviewer may cancel.
 */
export default function Page() {
  const [round, setRound] = useState(0);
  const polled = usePoll(() => apiGet<{ jobs: Job[] }>('/jobs', { limit: 50 }), String(round), (v) => v.jobs.some((j) => !FINISHED.includes(j.state)));
  const [open, setOpen] = useState<string | undefined>();
  const jobs = (polled.data?.jobs ?? []).filter((j) => j.parentId === null);
  return (
    <Frame title="Progress" actions={<button onClick={() => setRound((r) => r + 1)}>Refresh</button>}>
      {polled.error !== undefined && <ErrorMessage error={polled.error} what="the jobs" />}
      {!polled.data && <Loading what="the jobs" />}
      {polled.data && jobs.length === 0 && <p className="muted">No job has run yet: start a review from the Reviews page, or let a schedule or trigger start one.</p>}
      {jobs.length > 0 && (
        <table className="plain" aria-label="Jobs">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Organisation</th>
              <th scope="col">Asked by</th>
              <th scope="col">Started</th>
              <th scope="col">Progress</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id}>
                <td>
                  {job.kind} <code>{job.id.slice(0, 8)}</code>
                </td>
                <td>{job.organisation ?? '—'}</td>
                <td>{job.requestedBy}</td>
                <td>{minute(job.createdAt)}</td>
                <td>
                  <JobLine job={job} />
                </td>
                <td>
                  <button type="button" aria-expanded={open === job.id} onClick={() => setOpen(open === job.id ? undefined : job.id)}>
                    {open === job.id ? 'Hide' : 'Show'} checks of {job.id.slice(0, 8)}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <JobDetail id={open} />}
    </Frame>
  );
}

/** A review job's check and attack jobs, followed live, and cancel while it runs. */
function JobDetail(props: { id: string }) {
  const { can } = useSession();
  const { job, children, error } = useJob(props.id);
  const action = useAction();
  if (error !== undefined) return <ErrorMessage error={error} what="the job" />;
  if (!job) return <Loading what="the job" />;
  return (
    <section className="panel" aria-label={`Job ${job.id}`}>
      <h2>
        {job.kind} job <code>{job.id}</code>
      </h2>
      <p>
        <JobLine job={job} /> · attempt {job.attempts} of {job.maxAttempts}
        {job.worker ? ` · on ${job.worker}` : ''}
      </p>
      {can('review') && !FINISHED.includes(job.state) && (
        <button type="button" disabled={action.busy} onClick={() => void action.run(() => apiSend('POST', `/jobs/${encodeURIComponent(job.id)}/cancel`))}>
          Cancel job {job.id.slice(0, 8)}
        </button>
      )}
      {action.error !== undefined && <ErrorMessage error={action.error} />}
      {children.length === 0 ? (
        <p className="muted">No check or attack jobs: the review analyses the inventory's claims alone.</p>
      ) : (
        <ul aria-label="Check and attack jobs">
          {children.map((child) => (
            <li key={child.id}>
              {child.kind} <code>{child.id.slice(0, 8)}</code>: <JobLine job={child} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
