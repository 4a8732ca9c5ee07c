import { useCallback, useEffect, useMemo, useState } from 'react';
import { FindingRows, tableFetch } from './source.ts';

/** The rows of the table for one review and query; a new query starts over from the first slice. */
export function useRows(reviewId: number | undefined, query: Record<string, string | undefined>) {
  const key = JSON.stringify(query);
  const [, rerender] = useState(0);
  const [error, setError] = useState<unknown>();
  const source = useMemo(
    () => (reviewId === undefined ? undefined : new FindingRows(tableFetch(reviewId, JSON.parse(key) as Record<string, string>), () => rerender((n) => n + 1), setError)),
    [reviewId, key],
  );
  useEffect(() => {
    setError(undefined);
    source?.show(0, 1);
  }, [source]);
  const onVisibleRange = useCallback((start: number, end: number) => source?.show(start, end), [source]);
  return { rows: source?.rows ?? [], total: source?.total, error, onVisibleRange };
}
