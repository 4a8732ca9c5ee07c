import '../../flows/flows.css';
import { useState } from 'react';
import { apiGet } from '../../api/client.ts';
import { score, today } from '../../flows/format.ts';
import { useOrganisation } from '../../api/use-organisation.ts';
import { OrganisationPicker } from '../../ui/organisation-picker.tsx';
import { useLoad } from '../../flows/use-load.ts';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page as Frame } from '../../ui/page.tsx';
import { byOwner, type PlanItem } from './board.ts';

/**
 * The remediation plan of the organisation's latest review as a board: a column per owning team, its actions by
 * due date (overdue first and marked), each with the control, the assets and the risk it removes.
 */
export default function Page() {
  const organisation = useOrganisation();
  const latest = organisation.current?.latest;
  const loaded = useLoad(() => (latest ? apiGet<{ reviewId: number; reviewDate: string; items: PlanItem[] }>(`/reviews/${latest}/plan`) : Promise.resolve(undefined)), String(latest ?? ''));
  const [owner, setOwner] = useState('');
  const now = today();
  const columns = byOwner(loaded.data?.items ?? []);
  const shown = owner ? columns.filter((c) => c.owner === owner) : columns;
  return (
    <Frame title="Plan" actions={<OrganisationPicker {...organisation} />}>
      {loaded.error !== undefined && <ErrorMessage error={loaded.error} what="the plan" />}
      {!loaded.data && loaded.loading && <Loading what="the plan" />}
      {loaded.data && (
        <>
          <div className="toolbar">
            <p className="muted">
              Review #{loaded.data.reviewId} of {loaded.data.reviewDate}: {loaded.data.items.length} actions.
            </p>
            <label>
              Owner{' '}
              <select value={owner} onChange={(e) => setOwner(e.target.value)}>
                <option value="">all owners</option>
                {columns.map((c) => (
                  <option key={c.owner} value={c.owner}>
                    {c.owner}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {columns.length === 0 && <p className="muted">Nothing to do: no finding has an action.</p>}
          <div className="board">
            {shown.map((column) => (
              <section key={column.owner} className="board-column" aria-label={`Owner ${column.owner}`}>
                <h2>
                  {column.owner} <span className="muted">({column.items.length})</span>
                </h2>
                <ol>
                  {column.items.map((item) => (
                    <li key={`${item.action}-${item.control}`} className="board-card">
                      <div className={item.due < now ? 'overdue' : undefined}>
                        Due {item.due}
                        {item.due < now ? ' (overdue)' : ''}
                      </div>
                      <strong>
                        {item.action} {item.title}
                      </strong>{' '}
                      <code>{item.control}</code>
                      <div className="muted">
                        {item.findings} finding{item.findings === 1 ? '' : 's'} on {item.assets.join(', ')} · risk removed {score(item.riskRemoved)}
                      </div>
                      {item.mitigations.length > 0 && <div className="muted">ATLAS {item.mitigations.join(', ')}</div>}
                    </li>
                  ))}
                </ol>
              </section>
            ))}
          </div>
        </>
      )}
      {!latest && organisation.organisations?.length === 0 && <p className="muted">No review is stored yet.</p>}
    </Frame>
  );
}
