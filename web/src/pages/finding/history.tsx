import { Link } from 'wouter';
import { minute, score } from '../../flows/format.ts';
import { Badge } from '../../ui/badge.tsx';
import type { FindingDetail, FindingState } from './types.ts';

/** The finding in every review that had it, and each change of its status or assignee. */
export function History(props: { detail: FindingDetail }) {
  const { history, changes } = props.detail;
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <table className="plain">
        <caption className="muted">In each review</caption>
        <thead>
          <tr>
            <th scope="col">Review</th>
            <th scope="col">Date</th>
            <th scope="col">Coverage</th>
            <th scope="col">Risk</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.reviewId}>
              <td>
                <Link href={`/reviews/${h.reviewId}`}>#{h.reviewId}</Link>
              </td>
              <td>{h.reviewDate}</td>
              <td>
                <Badge value={h.coverage} kind="coverage" />
              </td>
              <td>
                <Badge value={h.level} kind="level" /> {score(h.score)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Status changes</h3>
      {changes.length === 0 ? (
        <p className="muted">None: the finding has been open and unassigned since it was first found.</p>
      ) : (
        <ol className="changes">
          {changes.map((c, i) => (
            <li key={i}>
              {minute(c.at)} · <strong>{c.actor}</strong>: {describe(c.before)} → {describe(c.after)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function describe(state: Partial<FindingState> | undefined): string {
  if (!state) return '—';
  return `${state.status ?? 'open'}${state.assignee ? ` (${state.assignee})` : ''}`;
}
