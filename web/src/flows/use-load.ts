import { useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Load again (after a change), keeping what is shown until the new answer comes. */
  reload: () => void;
}

/**
 * Data a page reads from the API: loaded when `key` changes, again on `reload()`. An answer that comes after a newer
 * request started is dropped, so a slow old answer never overwrites a new one.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [round, setRound] = useState(0);
  // `load` is a new closure every render; `key` says when what it reads has changed.
  const stable = useCallback(load, [key]);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    stable().then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => current && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      current = false;
    };
  }, [stable, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

/** A change the user asked for: runs one at a time, remembers its error for the page to show. */
export function useAction(): { busy: boolean; error: unknown; run: (change: () => Promise<unknown>) => Promise<boolean>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = useCallback(async (change: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await change();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: useCallback(() => setError(undefined), []) };
}
