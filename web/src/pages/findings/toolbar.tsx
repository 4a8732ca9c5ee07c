import { useEffect, useState } from 'react';
import { COVERAGE_LABEL, COVERAGES, LEVEL_LABEL, LEVELS } from '../../ui/levels.ts';
import { deleteView, loadViews, saveView, type SavedView } from './views.ts';

export const FILTERS = ['q', 'asset', 'technique', 'element', 'owner', 'level', 'coverage', 'status', 'assignee'] as const;
const STATUSES = ['open', 'in-progress', 'fixed', 'accepted'];

interface Props {
  search: URLSearchParams;
  set: (changes: Record<string, string | undefined>) => void;
  replace: (query: string) => void;
  elements: string[];
  owners: string[];
}

/** Search, filters and saved views; everything lives in the address, so a view is a query string and links can be shared. */
export function Toolbar(props: Props) {
  const { search, set } = props;
  const [text, setText] = useState(search.get('q') ?? '');
  const [views, setViews] = useState<SavedView[]>(() => loadViews(localStorage));
  const [name, setName] = useState('');
  useEffect(() => {
    if (text === (search.get('q') ?? '')) return;
    // Search as the user types, once they pause: one request per pause, not per key.
    const timer = setTimeout(() => set({ q: text || undefined }), 250);
    return () => clearTimeout(timer);
  }, [text, search, set]);

  const select = (key: string, label: string, options: [string, string][]) => (
    <label>
      {label}
      <select value={search.get(key) ?? ''} onChange={(e) => set({ [key]: e.target.value || undefined })}>
        <option value="">Any</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  const chips = (['asset', 'technique', 'assignee'] as const).filter((k) => search.get(k));

  return (
    <>
      <div className="toolbar" role="search" aria-label="Filter findings">
        <label>
          Search
          <input type="search" value={text} placeholder="asset or technique" onChange={(e) => setText(e.target.value)} />
        </label>
        {select('level', 'Level', LEVELS.map((l) => [l, LEVEL_LABEL[l]]))}
        {select('coverage', 'Coverage', COVERAGES.map((c) => [c, COVERAGE_LABEL[c]]))}
        {select('status', 'Status', STATUSES.map((s) => [s, s]))}
        {select('element', 'Element', props.elements.map((e) => [e, e]))}
        {select('owner', 'Owner', props.owners.map((o) => [o, o]))}
        {chips.map((k) => (
          <button key={k} type="button" className="chip" onClick={() => set({ [k]: undefined })} aria-label={`Remove the filter ${k} ${search.get(k)}`}>
            {k}: {search.get(k)} ✕
          </button>
        ))}
        {FILTERS.some((f) => search.get(f)) && (
          <button type="button" onClick={() => (setText(''), props.replace(''))}>
            Clear all
          </button>
        )}
      </div>
      <div className="toolbar" role="group" aria-label="Views">
        <label>
          Open a saved view
          <select value="" onChange={(e) => e.target.value && props.replace(views.find((v) => v.name === e.target.value)?.query ?? '')}>
            <option value="">{views.length === 0 ? 'None saved yet' : 'Open a view…'}</option>
            {views.map((v) => (
              <option key={v.name} value={v.name}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return;
            setViews(saveView(localStorage, { name: name.trim(), query: search.toString() }));
            setName('');
          }}
        >
          <label>
            View name
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. critical, open" />
          </label>
          <button type="submit">Save this view</button>
        </form>
        {views.length > 0 && (
          <details>
            <summary>Manage views</summary>
            <ul className="compact">
              {views.map((v) => (
                <li key={v.name}>
                  {v.name}{' '}
                  <button type="button" onClick={() => setViews(deleteView(localStorage, v.name))} aria-label={`Delete the view ${v.name}`}>
                    Delete
                  </button>
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </>
  );
}
