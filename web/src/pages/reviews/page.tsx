import '../../flows/flows.css';
import { Link } from 'wouter';
import { apiGet } from '../../api/client.ts';
import { day, score } from '../../flows/format.ts';
import { useLoad } from '../../flows/use-load.ts';
import { useSession } from '../../session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page as Frame } from '../../ui/page.tsx';
import { Inventories } from './inventories.tsx';

export interface ReviewMeta {
  id: number;
  storedAt: string;
  runBy: string;
  organisation: string;
  reviewDate: string;
  atlasVersion: string;
  assetCount: number;
  findingCount: number;
  summary: { riskTotal?: number; riskMax?: number; covered?: number; levels?: Record<string, number> };
}

/** Stored reviews, newest first, each with the way to its sign-off and to what changed since the one before; and the inventories to review. */
export default function Page() {
  const { account } = useSession();
  const loaded = useLoad(() => apiGet<ReviewMeta[]>('/reviews'), 'reviews');
  const reviews = loaded.data ?? [];
  const previous = (r: ReviewMeta) => reviews.find((o) => o.organisation === r.organisation && o.id < r.id);
  return (
    <Frame title="Reviews">
      {account.role !== 'asset-owner' && <Inventories onStored={loaded.reload} />}
      {loaded.error !== undefined && <ErrorMessage error={loaded.error} what="the reviews" />}
      {!loaded.data && loaded.loading && <Loading what="the reviews" />}
      {loaded.data && (
        <section className="panel" aria-labelledby="reviews-title">
          <h2 id="reviews-title">Stored reviews</h2>
          {reviews.length === 0 ? (
            <p className="muted">No review is stored yet.</p>
          ) : (
            <table className="plain">
              <thead>
                <tr>
                  <th scope="col">Review</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">Date</th>
                  <th scope="col">ATLAS</th>
                  <th scope="col" className="num">
                    Assets
                  </th>
                  <th scope="col" className="num">
                    Findings
                  </th>
                  <th scope="col" className="num">
                    Critical
                  </th>
                  <th scope="col" className="num">
                    Risk total
                  </th>
                  <th scope="col">Run by</th>
                  <th scope="col">Changes</th>
                </tr>
              </thead>
              <tbody>
                {reviews.map((r) => {
                  const before = previous(r);
                  return (
                    <tr key={r.id}>
                      <td>{account.role === 'asset-owner' ? `#${r.id}` : <Link href={`/reviews/${r.id}`}>Review #{r.id}</Link>}</td>
                      <td>{r.organisation}</td>
                      <td>{r.reviewDate}</td>
                      <td>{r.atlasVersion}</td>
                      <td className="num">{r.assetCount}</td>
                      <td className="num">{r.findingCount}</td>
                      <td className="num">{r.summary.levels?.critical ?? '—'}</td>
                      <td className="num">{score(r.summary.riskTotal)}</td>
                      <td>
                        {r.runBy} <span className="muted">{day(r.storedAt)}</span>
                      </td>
                      <td>{before && account.role !== 'asset-owner' ? <Link href={`/reviews/${r.id}/diff/${before.id}`}>Diff #{r.id} against #{before.id}</Link> : <span className="muted">—</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      )}
    </Frame>
  );
}
