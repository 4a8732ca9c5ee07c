import '../../flows/flows.css';
import { Link } from 'wouter';
import { apiGet } from '../../api/client.ts';
import { score } from '../../flows/format.ts';
import { findingHref } from '../../ui/links.ts';
import { useLoad } from '../../flows/use-load.ts';
import { Badge } from '../../ui/badge.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page as Frame } from '../../ui/page.tsx';
import type { ReviewMeta } from '../reviews/page.tsx';

interface Outline {
  id: string;
  assetId: string;
  techniqueId: string;
  coverage: string;
  risk: { score: number; level: string };
  because?: string;
  how?: string;
}

interface Change {
  id: string;
  assetId: string;
  techniqueId: string;
  before: { coverage: string; score: number; level: string };
  after: { coverage: string; score: number; level: string };
  reasons: string[];
  because?: string;
}

interface Diff {
  older: ReviewMeta;
  newer: ReviewMeta;
  atlas: { before: string; after: string };
  atlasChanged: boolean;
  new: Outline[];
  resolved: Outline[];
  regressed: Change[];
  improved: Change[];
  unchanged: number;
  risk: { totalBefore: number; totalAfter: number; maxBefore: number; maxAfter: number };
  newTechniques: { id: string; name: string }[];
}

/** What changed from an older review of the organisation to a newer one: findings new, resolved, regressed, improved; risk; ATLAS. */
export default function Page(props: { params: Record<string, string> }) {
  const { id = '', other = '' } = props.params;
  const loaded = useLoad(() => apiGet<Diff>(`/reviews/${encodeURIComponent(id)}/diff`, { against: other }), `${id}/${other}`);
  const diff = loaded.data;
  return (
    <Frame title={`Review #${id} against #${other}`}>
      {loaded.error !== undefined && <ErrorMessage error={loaded.error} what="the diff" />}
      {!diff && loaded.loading && <Loading what="the diff" />}
      {diff && (
        <>
          <p>
            <Link href={`/reviews/${diff.older.id}`}>Review #{diff.older.id}</Link> ({diff.older.reviewDate}, ATLAS {diff.atlas.before}) → <Link href={`/reviews/${diff.newer.id}`}>review #{diff.newer.id}</Link> ({diff.newer.reviewDate}, ATLAS {diff.atlas.after}) of {diff.newer.organisation}
          </p>
          <div className="cards" aria-label="Diff summary">
            <Count name="New" value={diff.new.length} />
            <Count name="Resolved" value={diff.resolved.length} />
            <Count name="Regressed" value={diff.regressed.length} />
            <Count name="Improved" value={diff.improved.length} />
            <Count name="Unchanged" value={diff.unchanged} />
            <div className="card">
              <h2>Risk total</h2>
              <div className="figure">
                {score(diff.risk.totalBefore)} → {score(diff.risk.totalAfter)}
              </div>
            </div>
          </div>
          {diff.newTechniques.length > 0 && (
            <section className="panel" aria-labelledby="new-techniques">
              <h2 id="new-techniques">Techniques ATLAS added: not yet assessed</h2>
              <ul>
                {diff.newTechniques.map((t) => (
                  <li key={t.id}>
                    <code>{t.id}</code> {t.name}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <Changes title="Regressed" organisation={diff.newer.organisation} changes={diff.regressed} />
          <Outlines title="New findings" organisation={diff.newer.organisation} findings={diff.new} />
          <Outlines title="Resolved findings" organisation={diff.newer.organisation} findings={diff.resolved} />
          <Changes title="Improved" organisation={diff.newer.organisation} changes={diff.improved} />
        </>
      )}
    </Frame>
  );
}

function Count(props: { name: string; value: number }) {
  return (
    <div className="card">
      <h2>{props.name}</h2>
      <div className="figure">{props.value}</div>
    </div>
  );
}

function Outlines(props: { title: string; organisation: string; findings: Outline[] }) {
  if (props.findings.length === 0) return null;
  return (
    <section className="panel" aria-label={props.title}>
      <h2>
        {props.title} ({props.findings.length})
      </h2>
      <table className="plain">
        <tbody>
          {props.findings.map((f) => (
            <tr key={f.id}>
              <td>
                <Link href={findingHref(props.organisation, f.assetId, f.techniqueId)}>{f.id}</Link>
              </td>
              <td>
                <Badge value={f.coverage} kind="coverage" />
              </td>
              <td>
                <Badge value={f.risk.level} kind="level" /> {score(f.risk.score)}
              </td>
              <td className="muted">{[f.how, f.because].filter(Boolean).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Changes(props: { title: string; organisation: string; changes: Change[] }) {
  if (props.changes.length === 0) return null;
  return (
    <section className="panel" aria-label={props.title}>
      <h2>
        {props.title} ({props.changes.length})
      </h2>
      <table className="plain">
        <tbody>
          {props.changes.map((c) => (
            <tr key={c.id}>
              <td>
                <Link href={findingHref(props.organisation, c.assetId, c.techniqueId)}>{c.id}</Link>
              </td>
              <td>
                <Badge value={c.before.coverage} kind="coverage" /> → <Badge value={c.after.coverage} kind="coverage" />
              </td>
              <td>
                {score(c.before.score)} → {score(c.after.score)}
              </td>
              <td className="muted">{[...c.reasons, c.because].filter(Boolean).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
