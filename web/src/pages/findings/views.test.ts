import { describe, expect, it } from 'vitest';
import { deleteView, loadViews, saveView } from './views.ts';

function memory(initial?: string) {
  const data = new Map<string, string>(initial === undefined ? [] : [['rampart.findings.views', initial]]);
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

describe('saved views of the findings table', () => {
  it('saves, replaces by name, lists in name order, and deletes', () => {
    const storage = memory();
    saveView(storage, { name: 'critical open', query: 'level=critical&status=open' });
    saveView(storage, { name: 'blind spots', query: 'coverage=blind-spot' });
    expect(saveView(storage, { name: 'critical open', query: 'level=critical' })).toEqual([
      { name: 'blind spots', query: 'coverage=blind-spot' },
      { name: 'critical open', query: 'level=critical' },
    ]);
    expect(deleteView(storage, 'blind spots')).toEqual([{ name: 'critical open', query: 'level=critical' }]);
    expect(loadViews(storage)).toEqual([{ name: 'critical open', query: 'level=critical' }]);
  });

  it.each(['not json', '{"name":"x"}', '[{"name":1,"query":"a"}, null]'])('reads %s in storage as no views', (stored) => {
    expect(loadViews(memory(stored))).toEqual([]);
  });
});
