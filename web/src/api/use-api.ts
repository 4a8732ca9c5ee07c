import { useEffect, useState } from 'react';
import { apiGet, type Query } from './client.ts';

export type Loaded<T> = { data: T; error?: undefined; loading: false } | { data?: undefined; error: unknown; loading: false } | { data?: undefined; error?: undefined; loading: true };

/** GET an API path and re-read it when the path or query change; `path` undefined waits (a dependency is not known yet). */
export function useApi<T>(path: string | undefined, query?: Query): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  const key = path === undefined ? '' : `${path}?${JSON.stringify(query ?? {})}`;
  useEffect(() => {
    if (path === undefined) return;
    let current = true;
    setState({ loading: true });
    apiGet<T>(path, query).then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
    // `key` stands for path and query: a new query object with the same content is no reason to read again.
  }, [key]);
  return state;
}
