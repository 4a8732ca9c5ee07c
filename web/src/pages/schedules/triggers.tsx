import { useState, type FormEvent } from 'react';
import { apiGet, apiSend } from '../../api/client.ts';
import { day } from '../../flows/format.ts';
import { useAction, useLoad } from '../../flows/use-load.ts';
import { ErrorMessage } from '../../ui/error-message.tsx';

interface Trigger {
  id: string;
  source: 'mlflow' | 'generic' | 'ci';
  organisation: string | null;
  inventoryDir: string;
  checks: string[] | null;
  createdBy: string;
  createdAt: string;
}

const SOURCES: Trigger['source'][] = ['mlflow', 'generic', 'ci'];

/**
 * Signed webhooks that start a review when a model registry or CI says something changed (admins). The secret the
 * sender signs with is shown once, when the trigger is made.
 */
export function Triggers() {
  const loaded = useLoad(() => apiGet<{ triggers: Trigger[] }>('/triggers'), 'triggers');
  const action = useAction();
  const [made, setMade] = useState<{ url: string; secret: string } | undefined>();
  const [source, setSource] = useState<Trigger['source']>('mlflow');
  const [inventoryDir, setInventoryDir] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await action.run(async () => {
      const created = await apiSend<{ url: string; secret: string }>('POST', '/triggers', { source, inventoryDir: inventoryDir.trim() });
      setMade({ url: `${location.origin}${created.url}`, secret: created.secret });
      setInventoryDir('');
      loaded.reload();
    });
  };
  return (
    <section className="panel" aria-labelledby="triggers-title">
      <h2 id="triggers-title">Triggers</h2>
      {loaded.error !== undefined && <ErrorMessage error={loaded.error} what="the triggers" />}
      {loaded.data?.triggers.length === 0 && <p className="muted">No trigger: no outside event starts a review.</p>}
      {loaded.data && loaded.data.triggers.length > 0 && (
        <table className="plain">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Inventory</th>
              <th scope="col">Webhook</th>
              <th scope="col">Made</th>
              <th scope="col">Delete</th>
            </tr>
          </thead>
          <tbody>
            {loaded.data.triggers.map((t) => (
              <tr key={t.id}>
                <td>{t.source}</td>
                <td>
                  <code>{t.inventoryDir}</code>
                </td>
                <td>
                  <code>/hooks/{t.id}</code>
                </td>
                <td>
                  {t.createdBy} <span className="muted">{day(t.createdAt)}</span>
                </td>
                <td>
                  <button type="button" disabled={action.busy} onClick={() => void action.run(() => apiSend('DELETE', `/triggers/${encodeURIComponent(t.id)}`)).then((ok) => ok && loaded.reload())}>
                    Delete {t.source} trigger
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {made && (
        <p className="secret" role="status">
          Webhook <code>{made.url}</code> — its signing secret, shown once: <code>{made.secret}</code>
        </p>
      )}
      <form className="toolbar" onSubmit={(e) => void submit(e)} aria-label="Make a trigger">
        <label>
          Source{' '}
          <select value={source} onChange={(e) => setSource(e.target.value as Trigger['source'])}>
            {SOURCES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Inventory folder on the server <input value={inventoryDir} onChange={(e) => setInventoryDir(e.target.value)} required size={32} />
        </label>
        <button type="submit" disabled={action.busy}>
          Make trigger
        </button>
      </form>
      {action.error !== undefined && <ErrorMessage error={action.error} />}
    </section>
  );
}
