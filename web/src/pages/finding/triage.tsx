import { useState, type FormEvent } from 'react';
import { apiSend } from '../../api/client.ts';
import { minute } from '../../flows/format.ts';
import { useAction } from '../../flows/use-load.ts';
import { useSession } from '../../session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { STATUSES, type FindingState } from './types.ts';

/** Status and assignee: shown to everyone, changeable by those who may triage (asset owners on their own assets). */
export function Triage(props: { path: string; state: FindingState; onChanged: () => void }) {
  const { can } = useSession();
  const [status, setStatus] = useState(props.state.status);
  const [assignee, setAssignee] = useState(props.state.assignee ?? '');
  const action = useAction();
  const changed = status !== props.state.status || assignee.trim() !== (props.state.assignee ?? '');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const body = { status, assignee: assignee.trim() === '' ? null : assignee.trim() };
    if (await action.run(() => apiSend('PATCH', props.path, body))) props.onChanged();
  };

  const updated = props.state.updatedBy ? ` (changed by ${props.state.updatedBy}, ${minute(props.state.updatedAt)})` : '';
  if (!can('write')) {
    return (
      <p>
        Status <strong>{props.state.status}</strong>
        {props.state.assignee ? `, assigned to ${props.state.assignee}` : ', unassigned'}
        {updated}
      </p>
    );
  }
  return (
    <form className="toolbar" onSubmit={(e) => void save(e)} aria-label="Status and assignee">
      <label>
        Status{' '}
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Assignee <input aria-label="Assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder="account name" maxLength={200} />
      </label>
      <button type="submit" className="primary" disabled={!changed || action.busy}>
        Save
      </button>
      <span className="muted">{updated}</span>
      {action.error !== undefined && <ErrorMessage error={action.error} />}
    </form>
  );
}
