import { useState, type FormEvent } from 'react';
import { apiGet, apiSend } from '../../api/client.ts';
import { day } from '../../flows/format.ts';
import { useAction, useLoad } from '../../flows/use-load.ts';
import { ErrorMessage } from '../../ui/error-message.tsx';
import type { Account } from './accounts.tsx';

interface Token {
  id: string;
  accountId: string;
  label: string;
  scope: 'read' | 'write';
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
}

/** API tokens for CI: every account's (admins see all), made for yourself and shown once, revoked by anyone's admin. */
export function Tokens() {
  const tokens = useLoad(() => apiGet<Token[]>('/tokens'), 'tokens');
  const accounts = useLoad(() => apiGet<Account[]>('/accounts'), 'accounts');
  const action = useAction();
  const [label, setLabel] = useState('');
  const [scope, setScope] = useState<'read' | 'write'>('read');
  const [days, setDays] = useState(90);
  const [secret, setSecret] = useState<string | undefined>();
  const nameOf = (id: string) => accounts.data?.find((a) => a.id === id)?.name ?? id;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await action.run(async () => {
      const created = await apiSend<{ token: string }>('POST', '/tokens', { label: label.trim(), scope, days });
      setSecret(created.token);
      setLabel('');
      tokens.reload();
    });
  };
  const now = new Date().toISOString();
  return (
    <section className="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      {tokens.error !== undefined && <ErrorMessage error={tokens.error} what="the tokens" />}
      {tokens.data?.length === 0 && <p className="muted">No API token has been made.</p>}
      {tokens.data && tokens.data.length > 0 && (
        <table className="plain">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Account</th>
              <th scope="col">Scope</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id}>
                <td>
                  {t.label} <code className="muted">{t.id}</code>
                </td>
                <td>{nameOf(t.accountId)}</td>
                <td>{t.scope}</td>
                <td>{day(t.expiresAt)}</td>
                <td>
                  {t.revokedAt ? (
                    `revoked ${day(t.revokedAt)}`
                  ) : t.expiresAt <= now ? (
                    'expired'
                  ) : (
                    <button type="button" disabled={action.busy} onClick={() => void action.run(() => apiSend('DELETE', `/tokens/${encodeURIComponent(t.id)}`)).then((ok) => ok && tokens.reload())}>
                      Revoke token {t.label}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="toolbar" onSubmit={(e) => void submit(e)} aria-label="Make an API token">
        <label>
          Token label <input value={label} onChange={(e) => setLabel(e.target.value)} required maxLength={100} />
        </label>
        <label>
          Scope{' '}
          <select value={scope} onChange={(e) => setScope(e.target.value as 'read' | 'write')}>
            <option value="read">read</option>
            <option value="write">write</option>
          </select>
        </label>
        <label>
          Days <input type="number" min={1} max={366} value={days} onChange={(e) => setDays(Number(e.target.value))} required />
        </label>
        <button type="submit" disabled={action.busy}>
          Make token
        </button>
      </form>
      {secret && (
        <p className="secret" role="status">
          Token, shown once: <code>{secret}</code>
        </p>
      )}
      {action.error !== undefined && <ErrorMessage error={action.error} />}
    </section>
  );
}
