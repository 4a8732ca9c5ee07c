import { useEffect, useState, type FormEvent } from 'react';
import { apiGet, apiSend } from '../../api/client.ts';
import { day } from '../../flows/format.ts';
import { FINISHED, JobLine, useJob } from '../../flows/jobs.tsx';
import { useAction, useLoad } from '../../flows/use-load.ts';
import { useSession } from '../../session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';

interface Inventory {
  id: number;
  name: string;
  kind: 'path' | 'upload';
  path?: string;
  files: string[];
  createdBy: string;
  createdAt: string;
}

/**
 * The inventories the server can review: folders an admin registered on the server's disk, and uploads. A security
 * reviewer starts a review of one here and watches its job until the review is stored.
 */
export function Inventories(props: { onStored: () => void }) {
  const { can } = useSession();
  const loaded = useLoad(() => apiGet<Inventory[]>('/inventories'), 'inventories');
  const action = useAction();
  const [jobId, setJobId] = useState<string | undefined>();
  const { job, error } = useJob(jobId);
  const { onStored } = props;
  const finished = job !== undefined && FINISHED.includes(job.state);
  useEffect(() => {
    if (finished) onStored();
  }, [finished, onStored]);

  const start = (inventory: Inventory) =>
    void action.run(async () => {
      const started = await apiSend<{ jobId: string }>('POST', '/reviews', { inventoryId: inventory.id });
      setJobId(started.jobId);
    });

  return (
    <section className="panel" aria-labelledby="inventories-title">
      <h2 id="inventories-title">Inventories</h2>
      {loaded.error !== undefined && <ErrorMessage error={loaded.error} what="the inventories" />}
      {loaded.data?.length === 0 && <p className="muted">No inventory is registered yet{can('admin') ? ': register a folder below.' : '; an admin registers folders.'}</p>}
      {loaded.data && loaded.data.length > 0 && (
        <table className="plain">
          <thead>
            <tr>
              <th scope="col">Inventory</th>
              <th scope="col">Where</th>
              <th scope="col">Added</th>
              {can('review') && <th scope="col">Review</th>}
            </tr>
          </thead>
          <tbody>
            {loaded.data.map((inventory) => (
              <tr key={inventory.id}>
                <td>{inventory.name}</td>
                <td>{inventory.kind === 'path' ? <code>{inventory.path}</code> : `uploaded: ${inventory.files.join(', ')}`}</td>
                <td>
                  {inventory.createdBy} <span className="muted">{day(inventory.createdAt)}</span>
                </td>
                {can('review') && (
                  <td>
                    <button type="button" className="primary" disabled={action.busy || (job !== undefined && !finished)} onClick={() => start(inventory)}>
                      Start a review of {inventory.name}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {action.error !== undefined && <ErrorMessage error={action.error} />}
      {jobId && (
        <p role="status" aria-live="polite">
          Review job {jobId}: {job ? <JobLine job={job} /> : 'queued'}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} what="the review job" />}
      {can('admin') && <RegisterFolder onRegistered={loaded.reload} />}
    </section>
  );
}

function RegisterFolder(props: { onRegistered: () => void }) {
  const [name, setName] = useState('');
  const [path, setPath] = useState('');
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await action.run(() => apiSend('POST', '/inventories/folders', { name: name.trim(), path: path.trim() }))) {
      setName('');
      setPath('');
      props.onRegistered();
    }
  };
  return (
    <form className="toolbar" onSubmit={(e) => void submit(e)} aria-label="Register an inventory folder">
      <label>
        Inventory name <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label>
        Folder on the server <input value={path} onChange={(e) => setPath(e.target.value)} required placeholder="/srv/inventories/acme" size={40} />
      </label>
      <button type="submit" disabled={action.busy}>
        Register folder
      </button>
      {action.error !== undefined && <ErrorMessage error={action.error} />}
    </form>
  );
}
