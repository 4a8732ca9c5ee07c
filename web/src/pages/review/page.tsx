import '../../flows/flows.css';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { apiGet, apiSend } from '../../api/client.ts';
import { minute, score } from '../../flows/format.ts';
import { useAction, useLoad } from '../../flows/use-load.ts';
import { useSession } from '../../session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page as Frame } from '../../ui/page.tsx';
import type { ReviewMeta } from '../reviews/page.tsx';

interface Signoff {
  id: number;
  reviewId: number;
  role: string;
  name: string;
  note?: string;
  signedAt: string;
}

interface ReviewRecord {
  meta: ReviewMeta;
  signoffs: Signoff[];
  waivers: { asOf: string; active: unknown[]; expired: unknown[] };
}

const REPORTS = ['html', 'markdown', 'json', 'sarif', 'navigator'] as const;

/** One stored review: its figures, its sign-offs (and signing it off), the diff against an earlier one, its reports. */
export default function Page(props: { params: Record<string, string> }) {
  const id = Number(props.params.id);
  const loaded = useLoad(() => apiGet<ReviewRecord>(`/reviews/${id}`), String(id));
  const earlier = useLoad(() => (loaded.data ? apiGet<ReviewMeta[]>('/reviews', { organisation: loaded.data.meta.organisation }) : Promise.resolve([])), loaded.data?.meta.organisation ?? '');
  const record = loaded.data;
  const older = (earlier.data ?? []).filter((r) => r.id < id);
  return (
    <Frame title={`Review #${props.params.id}`}>
      {loaded.error !== undefined && <ErrorMessage error={loaded.error} what="the review" />}
      {!record && loaded.loading && <Loading what="the review" />}
      {record && (
        <>
          <div className="cards">
            <Figure name="Organisation" value={record.meta.organisation} />
            <Figure name="Review date" value={record.meta.reviewDate} />
            <Figure name="ATLAS" value={record.meta.atlasVersion} />
            <Figure name="Assets / findings" value={`${record.meta.assetCount} / ${record.meta.findingCount}`} />
            <Figure name="Risk total" value={score(record.meta.summary.riskTotal)} />
            <Figure name="Waivers in force" value={String(record.waivers.active.length)} />
          </div>
          <section className="panel" aria-labelledby="diff-title">
            <h2 id="diff-title">What changed</h2>
            {older.length === 0 ? (
              <p className="muted">This is the first review of {record.meta.organisation}: nothing to compare with.</p>
            ) : (
              <ul>
                {older.slice(0, 5).map((o) => (
                  <li key={o.id}>
                    <Link href={`/reviews/${id}/diff/${o.id}`}>
                      Diff against review #{o.id} of {o.reviewDate}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
            <p>
              Reports:{' '}
              {REPORTS.map((format) => (
                <a key={format} href={`/api/reviews/${id}/report?format=${format}`} target="_blank" rel="noreferrer" style={{ marginRight: '0.75rem' }}>
                  {format}
                </a>
              ))}
            </p>
          </section>
          <Signoffs id={id} signoffs={record.signoffs} onSigned={loaded.reload} />
        </>
      )}
    </Frame>
  );
}

function Figure(props: { name: string; value: string }) {
  return (
    <div className="card">
      <h2>{props.name}</h2>
      <div className="figure">{props.value}</div>
    </div>
  );
}

/** Sign-offs: one per role (security, data-science, risk…), each by a named person; security reviewers and admins sign. */
function Signoffs(props: { id: number; signoffs: Signoff[]; onSigned: () => void }) {
  const { can } = useSession();
  const [role, setRole] = useState('security');
  const [note, setNote] = useState('');
  const action = useAction();
  const signed = new Set(props.signoffs.map((s) => s.role));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await action.run(() => apiSend('POST', `/reviews/${props.id}/signoffs`, { role: role.trim(), ...(note.trim() ? { note: note.trim() } : {}) }))) {
      setNote('');
      props.onSigned();
    }
  };
  return (
    <section className="panel" aria-labelledby="signoff-title">
      <h2 id="signoff-title">Sign-off</h2>
      {props.signoffs.length === 0 ? (
        <p className="muted">Not signed off yet.</p>
      ) : (
        <ul aria-label="Sign-offs">
          {props.signoffs.map((s) => (
            <li key={s.id}>
              Signed off as <strong>{s.role}</strong> by {s.name}, {minute(s.signedAt)}
              {s.note ? `: ${s.note}` : ''}
            </li>
          ))}
        </ul>
      )}
      {can('review') && (
        <form className="stack" onSubmit={(e) => void submit(e)} aria-label="Sign off this review">
          <label>
            Signing off as (role)
            <input value={role} onChange={(e) => setRole(e.target.value)} required pattern="[a-z][a-z0-9-]*" title="a lower-case word such as security or data-science" />
          </label>
          <label>
            Note
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} />
          </label>
          <button type="submit" className="primary" disabled={action.busy || signed.has(role.trim())}>
            Sign off review #{props.id}
          </button>
          {signed.has(role.trim()) && <p className="muted">Already signed off as {role.trim()}.</p>}
          {action.error !== undefined && <ErrorMessage error={action.error} />}
        </form>
      )}
    </section>
  );
}
