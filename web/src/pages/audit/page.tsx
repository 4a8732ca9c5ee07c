import '../../flows/flows.css';
import { useCallback, useEffect, useState } from 'react';
import { apiGet } from '../../api/client.ts';
import { minute } from '../../flows/format.ts';
import { useAction } from '../../flows/use-load.ts';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page as Frame } from '../../ui/page.tsx';

interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
  outcome: 'success' | 'refused';
  hash: string;
}

type Verdict = { ok: true; rows: number; head: string } | { ok: false; rows: number; brokenAt: number; problem: string };

const PAGE = 200;

/**
 * Every state change, oldest first, read a page at a time, with a filter over what is loaded; and the hash chain's
 * check, which finds any row edited or deleted behind the server's back.
 */
export default function Page() {
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [more, setMore] = useState(true);
  const [filter, setFilter] = useState('');
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const loading = useAction();
  const verifying = useAction();

  const loadMore = useCallback(
    (after: number) =>
      void loading.run(async () => {
        const page = await apiGet<AuditRecord[]>('/audit', { after, limit: PAGE });
        // Rows after `after` replace what was there: a repeated load (React runs effects twice in development) never doubles them.
        setRecords((r) => [...r.filter((x) => x.seq <= after), ...page]);
        setMore(page.length === PAGE);
      }),
    [loading.run],
  );
  useEffect(() => loadMore(0), [loadMore]);

  const needle = filter.trim().toLowerCase();
  const shown = needle ? records.filter((r) => `${r.actor} ${r.action} ${r.target} ${r.outcome}`.toLowerCase().includes(needle)) : records;
  const verify = () => void verifying.run(async () => setVerdict(await apiGet<Verdict>('/audit/verify')));
  return (
    <Frame
      title="Audit log"
      actions={
        <button type="button" className="primary" onClick={verify} disabled={verifying.busy}>
          Verify the chain
        </button>
      }
    >
      {verdict && (
        <p role="status" className={verdict.ok ? 'verdict-ok' : 'verdict-broken'}>
          {verdict.ok ? `The chain holds: ${verdict.rows} rows, head ${verdict.head.slice(0, 16)}…` : `The chain is broken at row ${verdict.brokenAt} of ${verdict.rows}: ${verdict.problem}`}
        </p>
      )}
      {verifying.error !== undefined && <ErrorMessage error={verifying.error} />}
      <div className="toolbar">
        <label>
          Filter <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="actor, action or target" />
        </label>
        <span className="muted">
          {shown.length} of {records.length} loaded rows
        </span>
      </div>
      {loading.error !== undefined && <ErrorMessage error={loading.error} what="the audit log" />}
      <table className="plain" aria-label="Audit records">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Outcome</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.seq}>
              <td>{r.seq}</td>
              <td>{minute(r.at)}</td>
              <td>{r.actor}</td>
              <td>
                <code>{r.action}</code>
              </td>
              <td>{r.target}</td>
              <td className={r.outcome === 'refused' ? 'overdue' : undefined}>{r.outcome}</td>
              <td>
                {(r.before !== undefined || r.after !== undefined) && (
                  <details>
                    <summary>before / after</summary>
                    <pre className="json">{JSON.stringify({ before: r.before, after: r.after }, null, 2)}</pre>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {loading.busy && <Loading what="the audit log" />}
      {more && !loading.busy && records.length > 0 && (
        <button type="button" onClick={() => loadMore(records.at(-1)?.seq ?? 0)}>
          Load more
        </button>
      )}
    </Frame>
  );
}
