import { useState } from 'react';

/**
 * A decision that must say why (revoke a waiver, reject a waiver request): a required reason, kept by the server with
 * the decision and in the audit log, and one button named for what it does to which record.
 */
export function ReasonForm(props: { action: string; busy: boolean; onSubmit: (reason: string) => void }) {
  const [reason, setReason] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(reason.trim());
      }}
    >
      <label>
        <span className="muted">Reason</span> <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={2000} aria-label={`Reason to ${props.action.toLowerCase()}`} />
      </label>{' '}
      <button type="submit" disabled={props.busy}>
        {props.action}
      </button>
    </form>
  );
}
