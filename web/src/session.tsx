import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, apiGet, apiSend, setCsrfToken } from './api/client.ts';
import type { Role } from './routes.ts';
import { SignIn } from './sign-in.tsx';
import { ErrorMessage } from './ui/error-message.tsx';
import { Loading } from './ui/loading.tsx';

export type Action = 'write' | 'review' | 'admin' | 'audit';

/** Which roles may do what: the server's access rules (src/server/access.ts) as the UI shows or hides controls. */
export const ALLOWED: Record<Action, readonly Role[]> = {
  /** Change findings, request waivers (asset owners on their own assets). */
  write: ['admin', 'security-reviewer', 'asset-owner'],
  /** Run reviews, approve waivers, sign off. */
  review: ['admin', 'security-reviewer'],
  admin: ['admin'],
  audit: ['admin', 'auditor'],
};

export interface Account {
  id: string | number;
  name: string;
  role: Role;
}

export interface Session {
  account: Account;
  can: (action: Action) => boolean;
  signOut: () => Promise<void>;
}

interface Me extends Account {
  csrfToken?: string;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

type State = { kind: 'checking' } | { kind: 'signed-out' } | { kind: 'signed-in'; me: Me } | { kind: 'failed'; error: unknown };

/** Asks the server who is signed in; shows the sign-in page when nobody is, the app when someone is. */
export function SessionProvider(props: { children: ReactNode }) {
  const [state, setState] = useState<State>({ kind: 'checking' });

  const adopt = useCallback((me: Me) => {
    setCsrfToken(me.csrfToken);
    setState({ kind: 'signed-in', me });
  }, []);

  useEffect(() => {
    apiGet<Me>('/session').then(adopt, (error: unknown) => setState(error instanceof ApiError && error.status === 401 ? { kind: 'signed-out' } : { kind: 'failed', error }));
  }, [adopt]);

  const signOut = useCallback(async () => {
    await apiSend('DELETE', '/session').catch(() => undefined);
    setCsrfToken(undefined);
    setState({ kind: 'signed-out' });
  }, []);

  if (state.kind === 'checking') return <Loading what="your session" />;
  if (state.kind === 'failed') return <ErrorMessage error={state.error} />;
  if (state.kind === 'signed-out') return <SignIn onSignedIn={adopt} />;
  const { me } = state;
  const session: Session = { account: { id: me.id, name: me.name, role: me.role }, can: (action) => ALLOWED[action].includes(me.role), signOut };
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}
