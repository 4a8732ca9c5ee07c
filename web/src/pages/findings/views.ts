/** A saved view: a name and the findings page's query string (filters, search, sort). */
export interface SavedView {
  name: string;
  query: string;
}

const KEY = 'rampart.findings.views';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

/** The views saved in this browser; anything unreadable in storage counts as none. */
export function loadViews(storage: Storage): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((v): v is SavedView => typeof v?.name === 'string' && typeof v?.query === 'string') : [];
  } catch {
    return [];
  }
}

/** Saves a view under its name (replacing one of the same name), kept in name order. */
export function saveView(storage: Storage, view: SavedView): SavedView[] {
  const views = [...loadViews(storage).filter((v) => v.name !== view.name), view].sort((a, b) => a.name.localeCompare(b.name));
  storage.setItem(KEY, JSON.stringify(views));
  return views;
}

export function deleteView(storage: Storage, name: string): SavedView[] {
  const views = loadViews(storage).filter((v) => v.name !== name);
  storage.setItem(KEY, JSON.stringify(views));
  return views;
}
