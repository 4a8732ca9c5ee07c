import { useCallback, useState } from 'react';
import type { Organisation } from './types.ts';
import { useApi } from './use-api.ts';

const KEY = 'rampart.organisation';

/**
 * The organisation the pages show: the one chosen last (kept in localStorage), else the one reviewed most recently.
 * Most stores hold one, and then there is nothing to choose.
 */
export function useOrganisation(): { organisations: Organisation[] | undefined; current: Organisation | undefined; choose: (name: string) => void; error: unknown } {
  const loaded = useApi<Organisation[]>('/organisations');
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem(KEY));
  const choose = useCallback((name: string) => {
    localStorage.setItem(KEY, name);
    setChosen(name);
  }, []);
  const organisations = loaded.data?.filter((o) => o.latest !== undefined);
  const current = organisations?.find((o) => o.name === chosen) ?? [...(organisations ?? [])].sort((a, b) => (b.latest ?? 0) - (a.latest ?? 0))[0];
  return { organisations, current, choose, error: loaded.error };
}
