import { useEffect, useState } from 'react';
import { apiGet } from '../../api/client.ts';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page as Layout } from '../../ui/page.tsx';

interface ReviewMeta {
  id: number;
  organisation: string;
  reviewDate: string;
  atlasVersion: string;
  assetCount: number;
  findingCount: number;
  summary: { covered: number; riskTotal: number; levels: Record<string, number> };
}

export default function Page(_props: { params: Record<string, string> }) {
  const [reviews, setReviews] = useState<ReviewMeta[] | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    apiGet<ReviewMeta[]>('/reviews', { limit: 20 }).then(setReviews, setError);
  }, []);
  return (
    <Layout title="Dashboard">
      {error !== undefined ? (
        <ErrorMessage error={error} what="reviews" />
      ) : !reviews ? (
        <Loading what="reviews" />
      ) : reviews.length === 0 ? (
        <p>No review is stored yet: run <code>rampart review &lt;inventory&gt;</code>.</p>
      ) : (
        <ul>
          {reviews.map((r) => (
            <li key={r.id}>
              Review {r.id} of {r.organisation} ({r.reviewDate}): {r.assetCount} assets, {r.findingCount} findings, {Math.round(r.summary.covered * 100)}% covered
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
