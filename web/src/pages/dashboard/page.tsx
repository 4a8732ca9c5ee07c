import { Link } from 'wouter';
import type { Dashboard, ReviewMeta } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useOrganisation } from '../../api/use-organisation.ts';
import { Badge } from '../../ui/badge.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { LEVELS } from '../../ui/levels.ts';
import { findingsHref, percent } from '../../ui/links.ts';
import { Loading } from '../../ui/loading.tsx';
import { OrganisationPicker } from '../../ui/organisation-picker.tsx';
import { Page as Layout } from '../../ui/page.tsx';
import { TrendChart } from '../../ui/trend-chart.tsx';
import { Changes, OverdueActions, PostureTable, ExpiringWaivers } from './sections.tsx';

/** Posture at a glance for the organisation's latest review (asset owners: over their own assets). */
export default function Page(_props: { params: Record<string, string> }) {
  const org = useOrganisation();
  const latest = org.current?.latest;
  const dashboard = useApi<Dashboard>(latest === undefined ? undefined : `/reviews/${latest}/dashboard`);
  const history = useApi<ReviewMeta[]>(org.current ? '/reviews' : undefined, { organisation: org.current?.name, limit: 50 });
  const picker = <OrganisationPicker {...org} />;

  if (org.error !== undefined) return <Layout title="Dashboard"><ErrorMessage error={org.error} what="organisations" /></Layout>;
  if (org.organisations && !org.current) {
    return (
      <Layout title="Dashboard">
        <p>No review is stored yet. Run <code>rampart review &lt;inventory&gt;</code>, or start one from the API.</p>
      </Layout>
    );
  }
  if (dashboard.error !== undefined) return <Layout title="Dashboard" actions={picker}><ErrorMessage error={dashboard.error} what="the dashboard" /></Layout>;
  if (!dashboard.data) return <Layout title="Dashboard"><Loading what="the dashboard" /></Layout>;
  const d = dashboard.data;
  const trend = [...(history.data ?? [])].reverse().map((r) => ({ date: r.reviewDate, riskTotal: r.summary.riskTotal, covered: r.summary.covered }));

  return (
    <Layout title="Dashboard" actions={picker}>
      <p className="muted">
        {d.review.organisation}, review {d.review.id} of {d.review.reviewDate} against ATLAS {d.review.atlasVersion}
        {d.scope === 'your assets' ? ' — your assets only' : ''}.
      </p>
      <div className="cards">
        <div className="card">
          <h2>Covered</h2>
          <div className="figure">{percent(d.organisation.covered)}</div>
          <div className="muted">of {d.organisation.findings} findings prevented or detected</div>
        </div>
        <div className="card">
          <h2>Risk total</h2>
          <div className="figure">{d.organisation.riskTotal}</div>
          <div className="muted">highest single finding {d.organisation.riskMax}</div>
        </div>
        <div className="card">
          <h2>Risk by level</h2>
          <ul className="level-list">
            {LEVELS.map((level) => (
              <li key={level}>
                <Link href={findingsHref({ level })}>
                  <Badge value={level} kind="level" /> <strong>{d.organisation.byLevel[level]}</strong>
                </Link>
              </li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h2>Assets</h2>
          <div className="figure">{d.review.assetCount}</div>
          <div className="muted">{d.review.findingCount} findings in the review</div>
        </div>
      </div>
      <section className="panel" aria-labelledby="trend-title">
        <h2 id="trend-title">Trend across reviews</h2>
        {history.error !== undefined ? <ErrorMessage error={history.error} what="the review history" /> : <TrendChart points={trend} />}
      </section>
      <div className="grid-2">
        <PostureTable title="Posture by ATLAS element" rows={d.elements.map((e) => ({ key: e.element, label: e.element, posture: e.posture, href: findingsHref({ element: e.element }) }))} />
        <Changes dashboard={d} />
      </div>
      <PostureTable title="Posture by ATLAS tactic" rows={d.tactics.filter((t) => t.posture.findings > 0).map((t) => ({ key: t.id, label: `${t.name} (${t.id})`, posture: t.posture, href: `/matrix#${t.id}` }))} />
      <div className="grid-2">
        <OverdueActions dashboard={d} />
        <ExpiringWaivers dashboard={d} />
      </div>
    </Layout>
  );
}
