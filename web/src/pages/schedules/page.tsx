import '../../flows/flows.css';
import { useState, type FormEvent } from 'react';
import { apiGet, apiSend } from '../../api/client.ts';
import { minute } from '../../flows/format.ts';
import { useAction, useLoad } from '../../flows/use-load.ts';
import { useSession } from '../../session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page as Frame } from '../../ui/page.tsx';
import { Triggers } from './triggers.tsx';

interface Schedule {
  id: string;
  organisation: string | null;
  inventoryDir: string;
  cron: string;
  timezone: string;
  checks: string[] | null;
  enabled: boolean;
  createdBy: string;
  nextRun: string | null;
}

/** Cron of the first day of each quarter at 06:00: the server's default too. */
const QUARTERLY = '0 6 1 1,4,7,10 *';

/** When reviews run by themselves: schedules per inventory (reviewers change them) and event triggers (admins). */
export default function Page() {
  const { can } = useSession();
  const loaded = useLoad(() => apiGet<{ schedules: Schedule[] }>('/schedules'), 'schedules');
  const action = useAction();
  const change = (work: () => Promise<unknown>) => void action.run(work).then((ok) => ok && loaded.reload());
  const toggle = (s: Schedule) => change(() => apiSend('PUT', `/schedules/${encodeURIComponent(s.id)}`, { organisation: s.organisation, inventoryDir: s.inventoryDir, cron: s.cron, timezone: s.timezone, checks: s.checks, enabled: !s.enabled }));
  return (
    <Frame title="Schedules">
      <section className="panel" aria-labelledby="schedules-title">
        <h2 id="schedules-title">Scheduled reviews</h2>
        {loaded.error !== undefined && <ErrorMessage error={loaded.error} what="the schedules" />}
        {action.error !== undefined && <ErrorMessage error={action.error} />}
        {!loaded.data && loaded.loading && <Loading what="the schedules" />}
        {loaded.data?.schedules.length === 0 && <p className="muted">No schedule: reviews run only when someone starts them or a trigger fires.</p>}
        {loaded.data && loaded.data.schedules.length > 0 && (
          <table className="plain">
            <thead>
              <tr>
                <th scope="col">Inventory</th>
                <th scope="col">Cron</th>
                <th scope="col">Checks</th>
                <th scope="col">Next run</th>
                <th scope="col">State</th>
                {can('review') && <th scope="col">Change</th>}
              </tr>
            </thead>
            <tbody>
              {loaded.data.schedules.map((s) => (
                <tr key={s.id}>
                  <td>
                    <code>{s.inventoryDir}</code> {s.organisation && <span className="muted">({s.organisation})</span>}
                  </td>
                  <td>
                    <code>{s.cron}</code> <span className="muted">{s.timezone}</span>
                  </td>
                  <td>{s.checks?.join(', ') ?? <span className="muted">claims only</span>}</td>
                  <td>{s.enabled ? minute(s.nextRun ?? undefined) : '—'}</td>
                  <td>{s.enabled ? 'enabled' : 'paused'}</td>
                  {can('review') && (
                    <td>
                      <button type="button" disabled={action.busy} onClick={() => toggle(s)}>
                        {s.enabled ? 'Pause' : 'Resume'} schedule of {s.inventoryDir}
                      </button>{' '}
                      <button type="button" disabled={action.busy} onClick={() => change(() => apiSend('DELETE', `/schedules/${encodeURIComponent(s.id)}`))}>
                        Delete schedule of {s.inventoryDir}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {can('review') && <NewSchedule onCreated={loaded.reload} />}
      </section>
      {can('admin') && <Triggers />}
    </Frame>
  );
}

function NewSchedule(props: { onCreated: () => void }) {
  const [inventoryDir, setInventoryDir] = useState('');
  const [cron, setCron] = useState(QUARTERLY);
  const [timezone, setTimezone] = useState('UTC');
  const [checks, setChecks] = useState('');
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const list = checks.split(',').map((c) => c.trim()).filter(Boolean);
    if (await action.run(() => apiSend('POST', '/schedules', { inventoryDir: inventoryDir.trim(), cron: cron.trim(), timezone: timezone.trim(), checks: list.length > 0 ? list : null }))) {
      setInventoryDir('');
      props.onCreated();
    }
  };
  return (
    <form className="toolbar" onSubmit={(e) => void submit(e)} aria-label="Schedule reviews">
      <label>
        Inventory folder on the server <input value={inventoryDir} onChange={(e) => setInventoryDir(e.target.value)} required size={32} />
      </label>
      <label>
        Cron <input value={cron} onChange={(e) => setCron(e.target.value)} required />
      </label>
      <label>
        Time zone <input value={timezone} onChange={(e) => setTimezone(e.target.value)} required size={12} />
      </label>
      <label>
        Checks (comma-separated; empty: claims only) <input value={checks} onChange={(e) => setChecks(e.target.value)} placeholder="model-file/, llm-app/" />
      </label>
      <button type="submit" disabled={action.busy}>
        Add schedule
      </button>
      {action.error !== undefined && <ErrorMessage error={action.error} />}
    </form>
  );
}
