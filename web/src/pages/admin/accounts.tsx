import { useState, type FormEvent } from 'react';
import { apiGet, apiSend } from '../../api/client.ts';
import { day } from '../../flows/format.ts';
import { useAction, useLoad } from '../../flows/use-load.ts';
import type { Role } from '../../routes.ts';
import { useSession } from '../../session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { Loading } from '../../ui/loading.tsx';

export interface Account {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  disabled: boolean;
}

export const ROLES: Role[] = ['admin', 'security-reviewer', 'asset-owner', 'auditor', 'viewer'];

/** Accounts: change a role, disable or enable one (the server refuses to leave no admin), add one, grant assets. */
export function Accounts() {
  const { account: me } = useSession();
  const loaded = useLoad(() => apiGet<Account[]>('/accounts'), 'accounts');
  const action = useAction();
  const change = (id: string, body: { role?: Role; disabled?: boolean }) => void action.run(() => apiSend('PATCH', `/accounts/${encodeURIComponent(id)}`, body)).then((ok) => ok && loaded.reload());
  return (
    <section className="panel" aria-labelledby="accounts-title">
      <h2 id="accounts-title">Accounts</h2>
      {loaded.error !== undefined && <ErrorMessage error={loaded.error} what="the accounts" />}
      {action.error !== undefined && <ErrorMessage error={action.error} />}
      {!loaded.data && loaded.loading && <Loading what="the accounts" />}
      {loaded.data && (
        <table className="plain">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Role</th>
              <th scope="col">Since</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {loaded.data.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.name}
                  {a.name === me.name ? <span className="muted"> (you)</span> : ''}
                </td>
                <td>
                  <select aria-label={`Role of ${a.name}`} value={a.role} disabled={action.busy} onChange={(e) => change(a.id, { role: e.target.value as Role })}>
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>{day(a.createdAt)}</td>
                <td>
                  {a.disabled ? 'disabled' : 'active'}{' '}
                  <button type="button" disabled={action.busy} onClick={() => change(a.id, { disabled: !a.disabled })}>
                    {a.disabled ? 'Enable' : 'Disable'} {a.name}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewAccount onCreated={loaded.reload} />
      {loaded.data && <GrantAssets accounts={loaded.data.filter((a) => a.role === 'asset-owner')} />}
    </section>
  );
}

function NewAccount(props: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState<string | undefined>();
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await action.run(async () => {
      const created = await apiSend<Account & { password?: string }>('POST', '/accounts', { name: name.trim(), role });
      setPassword(created.password ? `${created.name}: ${created.password}` : undefined);
      setName('');
      props.onCreated();
    });
  };
  return (
    <>
      <form className="toolbar" onSubmit={(e) => void submit(e)} aria-label="Add an account">
        <label>
          New account name <input value={name} onChange={(e) => setName(e.target.value)} required pattern="[A-Za-z0-9][A-Za-z0-9._@\-]{0,99}" />
        </label>
        <label>
          Role{' '}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={action.busy}>
          Add account
        </button>
      </form>
      {action.error !== undefined && <ErrorMessage error={action.error} />}
      {password && (
        <p className="secret" role="status">
          Password, shown once — pass it on safely: <code>{password}</code>
        </p>
      )}
    </>
  );
}

/** Make an asset owner owner of assets the inventory gives to another name (or to none). */
function GrantAssets(props: { accounts: Account[] }) {
  const [accountId, setAccountId] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [assets, setAssets] = useState('');
  const [done, setDone] = useState<string | undefined>();
  const action = useAction();
  if (props.accounts.length === 0) return null;
  const chosen = accountId || props.accounts[0]?.id || '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const list = assets.split(/[\s,]+/).filter(Boolean);
    if (await action.run(() => apiSend('POST', `/accounts/${encodeURIComponent(chosen)}/assets`, { organisation: organisation.trim(), assets: list }))) {
      setDone(`${props.accounts.find((a) => a.id === chosen)?.name ?? chosen} now owns ${list.join(', ')}`);
      setAssets('');
    }
  };
  return (
    <form className="toolbar" onSubmit={(e) => void submit(e)} aria-label="Grant assets">
      <label>
        Asset owner{' '}
        <select value={chosen} onChange={(e) => setAccountId(e.target.value)}>
          {props.accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Organisation <input value={organisation} onChange={(e) => setOrganisation(e.target.value)} required />
      </label>
      <label>
        Asset ids <input value={assets} onChange={(e) => setAssets(e.target.value)} required placeholder="fraud-model, scoring-api" />
      </label>
      <button type="submit" disabled={action.busy}>
        Grant assets
      </button>
      {done && <span role="status">{done}</span>}
      {action.error !== undefined && <ErrorMessage error={action.error} />}
    </form>
  );
}
