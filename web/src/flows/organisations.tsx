import { useEffect, useState } from 'react';
import { apiGet } from '../api/client.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { useLoad } from './use-load.ts';

export interface Organisation {
  name: string;
  reviews: number;
  latest?: number;
}

/**
 * The organisations in the store, and the one the page works on: the only one, or the user's choice (remembered
 * for the session, so the waivers page and the plan board open on the same one).
 */
export function useOrganisation(): { organisations: Organisation[] | undefined; chosen: Organisation | undefined; choose: (name: string) => void; error: unknown } {
  const loaded = useLoad(() => apiGet<Organisation[]>('/organisations'), 'organisations');
  const [name, setName] = useState<string | undefined>(() => sessionStorage.getItem('rampart.organisation') ?? undefined);
  const organisations = loaded.data;
  const chosen = organisations?.find((o) => o.name === name) ?? organisations?.[0];
  useEffect(() => {
    if (chosen) sessionStorage.setItem('rampart.organisation', chosen.name);
  }, [chosen]);
  return { organisations, chosen, choose: setName, error: loaded.error };
}

/** A labelled select of the organisations; nothing when there is only one. */
export function OrganisationPicker(props: { state: ReturnType<typeof useOrganisation> }) {
  const { organisations, chosen, choose, error } = props.state;
  if (error) return <ErrorMessage error={error} what="the organisations" />;
  if (!organisations || organisations.length < 2) return null;
  return (
    <label>
      Organisation{' '}
      <select value={chosen?.name ?? ''} onChange={(e) => choose(e.target.value)}>
        {organisations.map((o) => (
          <option key={o.name} value={o.name}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}
