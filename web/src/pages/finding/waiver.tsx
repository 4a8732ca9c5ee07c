import { useState, type FormEvent } from 'react';
import { daysFromToday, minute, today } from '../../flows/format.ts';
import { useAction } from '../../flows/use-load.ts';
import { approveWaiverRequest, rejectWaiverRequest, requestWaiver } from '../../flows/waivers.ts';
import { useSession } from '../../session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { ReasonForm } from '../../ui/reason-form.tsx';
import type { FindingDetail } from './types.ts';

/**
 * The finding's accepted risk: waivers in force or expired, requests and who decided them. Asset owners (and
 * reviewers) ask for one; a security reviewer other than the requester approves it, or any reviewer rejects it with a
 * reason.
 */
export function WaiverPanel(props: { organisation: string; detail: FindingDetail; onChanged: () => void }) {
  const { account, can } = useSession();
  const { waivers, requests, finding } = props.detail;
  const action = useAction();
  const now = today();
  const pending = requests.filter((r) => r.state === 'pending');
  return (
    <section className="panel" aria-labelledby="waiver-title">
      <h2 id="waiver-title">Waiver</h2>
      {waivers.length === 0 && <p className="muted">No waiver: the risk is not accepted.</p>}
      <ul>
        {waivers.map((w) => (
          <li key={w.id}>
            <strong>{w.expires >= now ? 'In force' : 'Expired'}</strong> until {w.expires}, approved by {w.approver} (asked by {w.createdBy}): {w.justification}
          </li>
        ))}
      </ul>
      {requests.length > 0 && (
        <ul aria-label="Waiver requests">
          {requests.map((r) => (
            <li key={r.id}>
              Request #{r.id} by {r.requestedBy} ({minute(r.requestedAt)}), until {r.expires}: {r.justification} — <strong>{r.state}</strong>
              {r.decidedBy ? ` by ${r.decidedBy}` : ''}
              {r.reason !== undefined ? `: ${r.reason}` : ''}
              {r.state === 'pending' && can('review') && r.requestedBy !== account.name && (
                <>
                  {' '}
                  <button type="button" disabled={action.busy} onClick={() => void action.run(() => approveWaiverRequest(props.organisation, r.id)).then((ok) => ok && props.onChanged())}>
                    Approve waiver request #{r.id}
                  </button>
                </>
              )}
              {r.state === 'pending' && can('review') && <ReasonForm action={`Reject waiver request #${r.id}`} busy={action.busy} onSubmit={(reason) => void action.run(() => rejectWaiverRequest(props.organisation, r.id, reason)).then((ok) => ok && props.onChanged())} />}
            </li>
          ))}
        </ul>
      )}
      {action.error !== undefined && <ErrorMessage error={action.error} />}
      {can('write') && pending.length === 0 && <RequestForm organisation={props.organisation} findingId={finding.id} onChanged={props.onChanged} />}
    </section>
  );
}

function RequestForm(props: { organisation: string; findingId: string; onChanged: () => void }) {
  const [justification, setJustification] = useState('');
  const [expires, setExpires] = useState(daysFromToday(90));
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await action.run(() => requestWaiver(props.organisation, { findingId: props.findingId, justification: justification.trim(), expires }))) {
      setJustification('');
      props.onChanged();
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Request a waiver" className="stack">
      <label>
        Justification
        <textarea value={justification} onChange={(e) => setJustification(e.target.value)} required minLength={10} maxLength={4000} rows={3} />
      </label>
      <label>
        Expires <input type="date" value={expires} min={daysFromToday(1)} onChange={(e) => setExpires(e.target.value)} required />
      </label>
      <button type="submit" disabled={action.busy}>
        Request waiver
      </button>
      {action.error !== undefined && <ErrorMessage error={action.error} />}
    </form>
  );
}
