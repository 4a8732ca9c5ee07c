import { useState, type FormEvent } from 'react';
import { apiSend } from './api/client.ts';
import type { Role } from './routes.ts';
import { ErrorMessage } from './ui/error-message.tsx';

interface Me {
  id: string | number;
  name: string;
  role: Role;
  csrfToken?: string;
}

/** The sign-in page: an account name and password (accounts are made with `rampart user add`). */
export function SignIn(props: { onSignedIn: (me: Me) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await apiSend<Me>('POST', '/session', { name, password }));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Rampart</h1>
        <label htmlFor="sign-in-name">Account name</label>
        <input id="sign-in-name" name="username" autoComplete="username" required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        <label htmlFor="sign-in-password">Password</label>
        <input id="sign-in-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error !== undefined && <ErrorMessage error={error} />}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted">Accounts are made by an admin with <code>rampart user add</code>.</p>
      </form>
    </main>
  );
}
