import { Link } from 'wouter';
import type { Dashboard, Posture } from '../../api/types.ts';
import { Badge } from '../../ui/badge.tsx';
import { CoverageBar, CoverageLegend } from '../../ui/coverage-bar.tsx';
import { findingHref, percent } from '../../ui/links.ts';

export function PostureTable(props: { title: string; rows: { key: string; label: string; posture: Posture; href: string }[] }) {
  const id = `posture-${props.title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      <CoverageLegend />
      <table className="plain">
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col" className="num">Findings</th>
            <th scope="col" className="num">Covered</th>
            <th scope="col">Worst</th>
            <th scope="col" className="num">Risk</th>
            <th scope="col">Coverage</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">
                <Link href={row.href}>{row.label}</Link>
              </th>
              <td className="num">{row.posture.findings}</td>
              <td className="num">{percent(row.posture.covered)}</td>
              <td>{row.posture.worst && <Badge value={row.posture.worst} kind="coverage" />}</td>
              <td className="num">{row.posture.riskTotal}</td>
              <td>
                <CoverageBar byCoverage={row.posture.byCoverage} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Changes(props: { dashboard: Dashboard }) {
  const { changes, review } = props.dashboard;
  const org = review.organisation;
  const list = (items: { assetId: string; techniqueId: string }[] | undefined) =>
    items && items.length > 0 ? (
      <ul className="compact">
        {items.slice(0, 5).map((i) => (
          <li key={`${i.assetId}/${i.techniqueId}`}>
            <Link href={findingHref(org, i.assetId, i.techniqueId)}>
              {i.assetId} · {i.techniqueId}
            </Link>
          </li>
        ))}
      </ul>
    ) : null;
  return (
    <section className="panel" aria-labelledby="changes-title">
      <h2 id="changes-title">Changes since the last review</h2>
      {!changes.previous ? (
        <p className="muted">This is the organisation's first stored review: nothing to compare with yet.</p>
      ) : (
        <>
          <p>
            Against review {changes.previous.id} of {changes.previous.reviewDate}
            {changes.atlasChanged ? ` (ATLAS ${changes.previous.atlasVersion} → ${review.atlasVersion}: some changes are the release's)` : ''}.
          </p>
          <dl className="changes">
            <dt>New</dt>
            <dd>{changes.new?.count ?? 0}{list(changes.new?.first)}</dd>
            <dt>Regressed</dt>
            <dd>{changes.regressed?.count ?? 0}{list(changes.regressed?.first)}</dd>
            <dt>Resolved</dt>
            <dd>{changes.resolved?.count ?? 0}</dd>
            <dt>Improved</dt>
            <dd>{changes.improved?.count ?? 0}</dd>
          </dl>
        </>
      )}
    </section>
  );
}

export function OverdueActions(props: { dashboard: Dashboard }) {
  const { overdue, review, asOf } = props.dashboard;
  return (
    <section className="panel" aria-labelledby="overdue-title">
      <h2 id="overdue-title">Overdue plan actions ({overdue.total})</h2>
      {overdue.total === 0 ? (
        <p className="muted">No open finding is past its plan's due date as of {asOf}.</p>
      ) : (
        <table className="plain">
          <thead>
            <tr>
              <th scope="col">Finding</th>
              <th scope="col">Risk</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {overdue.items.map((i) => (
              <tr key={`${i.assetId}/${i.techniqueId}`}>
                <td>
                  <Link href={findingHref(review.organisation, i.assetId, i.techniqueId)}>
                    {i.assetId} · {i.techniqueId}
                  </Link>
                </td>
                <td>
                  <Badge value={i.level} kind="level" />
                </td>
                <td>{i.due}</td>
                <td>
                  {i.status}
                  {i.assignee ? ` (${i.assignee})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ExpiringWaivers(props: { dashboard: Dashboard }) {
  const { waivers, review } = props.dashboard;
  return (
    <section className="panel" aria-labelledby="waivers-title">
      <h2 id="waivers-title">Waivers expiring within {waivers.withinDays} days</h2>
      {waivers.expiring.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="compact">
          {waivers.expiring.map((w) => {
            const cut = w.findingId.lastIndexOf('/');
            return (
              <li key={w.id}>
                <Link href={findingHref(review.organisation, w.findingId.slice(0, cut), w.findingId.slice(cut + 1))}>{w.findingId}</Link> — expires {w.expires} (approved by {w.approver})
              </li>
            );
          })}
        </ul>
      )}
      {waivers.expired > 0 && <p className="muted">{waivers.expired} waiver(s) have expired and no longer count.</p>}
    </section>
  );
}
