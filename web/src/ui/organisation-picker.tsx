import type { Organisation } from '../api/types.ts';

/** A choice of organisation, shown only when the store holds more than one. */
export function OrganisationPicker(props: { organisations: Organisation[] | undefined; current: Organisation | undefined; choose: (name: string) => void }) {
  if (!props.organisations || props.organisations.length < 2) return null;
  return (
    <label className="inline">
      Organisation{' '}
      <select value={props.current?.name ?? ''} onChange={(e) => props.choose(e.target.value)}>
        {props.organisations.map((o) => (
          <option key={o.name} value={o.name}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}
