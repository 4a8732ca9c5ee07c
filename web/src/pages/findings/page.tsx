import type { SortingState } from '@tanstack/react-table';
import { useCallback, useMemo } from 'react';
import { useLocation, useSearch } from 'wouter';
import type { Matrix } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useOrganisation } from '../../api/use-organisation.ts';
import { DataTable } from '../../ui/data-table.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { findingHref } from '../../ui/links.ts';
import { Loading } from '../../ui/loading.tsx';
import { OrganisationPicker } from '../../ui/organisation-picker.tsx';
import { Page as Layout } from '../../ui/page.tsx';
import { COLUMNS } from './columns.tsx';
import { FILTERS, Toolbar } from './toolbar.tsx';
import { useRows } from './use-rows.ts';

/** The latest review's findings: sorted, filtered and searched by the server, loaded as they scroll into view. */
export default function Page(_props: { params: Record<string, string> }) {
  const org = useOrganisation();
  const [, navigate] = useLocation();
  const raw = useSearch();
  const search = useMemo(() => new URLSearchParams(raw), [raw]);
  const reviewId = org.current?.latest;
  const sort = search.get('sort') ?? 'rank';
  const dir = search.get('dir') === 'desc' ? 'desc' : 'asc';
  const query = Object.fromEntries([...FILTERS.map((f) => [f, search.get(f) ?? undefined]), ['sort', sort], ['dir', dir]]) as Record<string, string | undefined>;
  const { rows, total, error, onVisibleRange } = useRows(reviewId, query);
  // The assets (for the element and owner choices) come with the matrix view of the review.
  const matrix = useApi<Matrix>(reviewId === undefined ? undefined : `/reviews/${reviewId}/matrix`);
  const elements = useMemo(() => [...new Set(matrix.data?.assets.map((a) => a.element))].sort(), [matrix.data]);
  const owners = useMemo(() => [...new Set(matrix.data?.assets.flatMap((a) => (a.owner ? [a.owner] : [])))].sort(), [matrix.data]);

  const replace = useCallback((next: string) => navigate(`/findings${next ? `?${next}` : ''}`, { replace: true }), [navigate]);
  const set = useCallback(
    (changes: Record<string, string | undefined>) => {
      const next = new URLSearchParams(search);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      replace(next.toString());
    },
    [search, replace],
  );
  const sorting: SortingState = [{ id: sort, desc: dir === 'desc' }];
  const onSortingChange = (updater: SortingState | ((old: SortingState) => SortingState)) => {
    const [first] = typeof updater === 'function' ? updater(sorting) : updater;
    if (first) set({ sort: first.id === 'rank' ? undefined : first.id, dir: first.desc ? 'desc' : undefined });
  };

  return (
    <Layout title="Findings" actions={<OrganisationPicker {...org} />}>
      <Toolbar search={search} set={set} replace={replace} elements={elements} owners={owners} />
      <p id="finding-count" className="muted" role="status" aria-live="polite">
        {total === undefined ? 'Loading findings…' : `${total.toLocaleString('en')} findings${reviewId !== undefined ? ` in review ${reviewId}` : ''}`}
      </p>
      {org.error !== undefined && <ErrorMessage error={org.error} what="organisations" />}
      {error !== undefined && <ErrorMessage error={error} what="findings" />}
      {org.organisations && !org.current ? (
        <p>No review is stored yet.</p>
      ) : reviewId === undefined ? (
        <Loading what="findings" />
      ) : (
        <DataTable
          label="Findings"
          columns={COLUMNS}
          rows={rows}
          sorting={sorting}
          onSortingChange={onSortingChange}
          onVisibleRange={onVisibleRange}
          rowKey={(row) => row.id}
          onOpen={(row) => org.current && navigate(findingHref(org.current.name, row.assetId, row.techniqueId))}
          height={620}
        />
      )}
    </Layout>
  );
}
