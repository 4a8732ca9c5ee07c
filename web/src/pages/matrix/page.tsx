import { useMemo } from 'react';
import { useLocation, useSearch } from 'wouter';
import type { Matrix } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useOrganisation } from '../../api/use-organisation.ts';
import { useSession } from '../../session.tsx';
import { CoverageLegend } from '../../ui/coverage-bar.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { findingsHref } from '../../ui/links.ts';
import { Loading } from '../../ui/loading.tsx';
import { OrganisationPicker } from '../../ui/organisation-picker.tsx';
import { Page as Layout } from '../../ui/page.tsx';
import type { ColourBy } from './colour.ts';
import { Heatmap } from './heatmap.tsx';

/** The ATLAS matrix coloured by the findings of the latest review, filtered by asset, element and owner (kept in the address). */
export default function Page(_props: { params: Record<string, string> }) {
  const org = useOrganisation();
  const { account } = useSession();
  const [, navigate] = useLocation();
  const search = new URLSearchParams(useSearch());
  const filter = { asset: search.get('asset') ?? undefined, element: search.get('element') ?? undefined, owner: search.get('owner') ?? undefined };
  const by: ColourBy = search.get('by') === 'risk' ? 'risk' : 'coverage';
  const latest = org.current?.latest;
  const matrix = useApi<Matrix>(latest === undefined ? undefined : `/reviews/${latest}/matrix`, filter);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    navigate(`/matrix${next.size ? `?${next}` : ''}`, { replace: true });
  };
  const assets = matrix.data?.assets ?? [];
  const elements = useMemo(() => [...new Set(assets.map((a) => a.element))].sort(), [assets]);
  const owners = useMemo(() => [...new Set(assets.flatMap((a) => (a.owner ? [a.owner] : [])))].sort(), [assets]);
  // A Navigator layer is rendered from the whole review, which asset owners do not read.
  const canExport = account.role !== 'asset-owner' && latest !== undefined;

  return (
    <Layout
      title="ATLAS matrix"
      actions={
        <>
          <OrganisationPicker {...org} />
          {canExport && (
            <a className="button" href={`/api/reviews/${latest}/report?format=navigator`} download={`atlas-layer-review-${latest}.json`}>
              Export Navigator layer
            </a>
          )}
        </>
      }
    >
      <div className="toolbar" role="group" aria-label="Heatmap filters">
        <div role="group" aria-label="Colour by">
          <span className="muted">Colour by </span>
          <button type="button" aria-pressed={by === 'coverage'} onClick={() => set('by', undefined)}>
            Worst coverage
          </button>{' '}
          <button type="button" aria-pressed={by === 'risk'} onClick={() => set('by', 'risk')}>
            Total risk
          </button>
        </div>
        <label>
          Asset
          <select value={filter.asset ?? ''} onChange={(e) => set('asset', e.target.value)}>
            <option value="">All assets</option>
            {assets.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name === a.id ? a.id : `${a.name} (${a.id})`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Element
          <select value={filter.element ?? ''} onChange={(e) => set('element', e.target.value)}>
            <option value="">All elements</option>
            {elements.map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
        </label>
        <label>
          Owner
          <select value={filter.owner ?? ''} onChange={(e) => set('owner', e.target.value)}>
            <option value="">All owners</option>
            {owners.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
      </div>
      {by === 'coverage' ? <CoverageLegend /> : <p className="legend">Darker cells carry more of the risk in view; the figure is the cell's total risk.</p>}
      {org.error !== undefined ? (
        <ErrorMessage error={org.error} what="organisations" />
      ) : matrix.error !== undefined ? (
        <ErrorMessage error={matrix.error} what="the matrix" />
      ) : !matrix.data ? (
        <Loading what="the matrix" />
      ) : (
        <Heatmap matrix={matrix.data} by={by} onOpen={(technique) => navigate(findingsHref({ technique, ...filter }))} />
      )}
    </Layout>
  );
}
