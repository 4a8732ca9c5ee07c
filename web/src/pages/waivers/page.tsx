import '../../flows/flows.css';
import { Link } from 'wouter';
import { apiGet } from '../../api/client.ts';
import { minute, splitFindingId, today } from '../../flows/format.ts';
import { findingHref } from '../../ui/links.ts';
import { useOrganisation } from '../../api/use-organisation.ts';
import { OrganisationPicker } from '../../ui/organisation-picker.tsx';
import { useAction, useLoad } from '../../flows/use-load.ts';
import { approveWaiverRequest, rejectWaiverRequest, revokeWaiver } from '../../flows/waivers.ts';
import { useSession } from '../../session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page as Frame } from '../../ui/page.tsx';
import { ReasonForm } from '../../ui/reason-form.tsx';
import type { Waiver, WaiverRequest } from '../finding/types.ts';

/**
 * Accepted risk across the organisation: requests waiting for a security reviewer, and waivers in force or expired.
 * Reviewers approve (never their own request), reject with a reason, and revoke; asset owners see those on their own
 * assets.
 */
export default function Page() {
  const organisation = useOrganisation();
  const name = organisation.current?.name;
  const loaded = useLoad(() => (name ? apiGet<{ waivers: Waiver[]; requests: WaiverRequest[] }>(`/organisations/${encodeURIComponent(name)}/waivers`) : Promise.resolve(undefined)), name ?? '');
  const action = useAction();
  const { account, can } = useSession();
  const data = loaded.data;
  const requests = [...(data?.requests ?? [])].sort((a, b) => (a.state === b.state ? b.id - a.id : a.state === 'pending' ? -1 : 1));
  const change = (work: () => Promise<unknown>) => void action.run(work).then((ok) => ok && loaded.reload());
  return (
    <Frame title="Waivers" actions={<OrganisationPicker {...organisation} />}>
      {loaded.error !== undefined && <ErrorMessage error={loaded.error} what="the waivers" />}
      {action.error !== undefined && <ErrorMessage error={action.error} />}
      {!data && loaded.loading && <Loading what="the waivers" />}
      {data && name && (
        <>
          <section className="panel" aria-labelledby="requests-title">
            <h2 id="requests-title">Requests</h2>
            {requests.length === 0 ? (
              <p className="muted">No waiver has been requested. Asset owners ask for one from a finding's page.</p>
            ) : (
              <table className="plain">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Finding</th>
                    <th scope="col">Justification</th>
                    <th scope="col">Until</th>
                    <th scope="col">Asked by</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {requests.map((r) => (
                    <tr key={r.id}>
                      <td>{r.id}</td>
                      <td>
                        <FindingLink organisation={name} id={r.findingId} />
                      </td>
                      <td>{r.justification}</td>
                      <td>{r.expires}</td>
                      <td>
                        {r.requestedBy} <span className="muted">{minute(r.requestedAt)}</span>
                      </td>
                      <td>
                        {r.state === 'pending' ? 'pending' : `${r.state} by ${r.decidedBy ?? '?'}`}
                        {r.reason !== undefined && <span className="muted">: {r.reason}</span>}{' '}
                        {r.state === 'pending' && can('review') && r.requestedBy !== account.name && (
                          <button type="button" disabled={action.busy} onClick={() => change(() => approveWaiverRequest(name, r.id))}>
                            Approve waiver request #{r.id}
                          </button>
                        )}
                        {r.state === 'pending' && can('review') && <ReasonForm action={`Reject waiver request #${r.id}`} busy={action.busy} onSubmit={(reason) => change(() => rejectWaiverRequest(name, r.id, reason))} />}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="panel" aria-labelledby="waivers-title">
            <h2 id="waivers-title">Waivers</h2>
            {data.waivers.length === 0 ? (
              <p className="muted">No waiver is recorded (revoked ones are not shown).</p>
            ) : (
              <table className="plain">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Finding</th>
                    <th scope="col">Justification</th>
                    <th scope="col">Until</th>
                    <th scope="col">Approved by</th>
                    {can('review') && <th scope="col">Revoke</th>}
                  </tr>
                </thead>
                <tbody>
                  {data.waivers.map((w) => (
                    <tr key={w.id}>
                      <td>{w.id}</td>
                      <td>
                        <FindingLink organisation={name} id={w.findingId} />
                      </td>
                      <td>{w.justification}</td>
                      <td className={w.expires < today() ? 'overdue' : undefined}>
                        {w.expires}
                        {w.expires < today() ? ' (expired)' : ''}
                      </td>
                      <td>{w.approver}</td>
                      {can('review') && (
                        <td>
                          <ReasonForm action={`Revoke waiver #${w.id}`} busy={action.busy} onSubmit={(reason) => change(() => revokeWaiver(name, w.id, reason))} />
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </Frame>
  );
}

function FindingLink(props: { organisation: string; id: string }) {
  const { assetId, techniqueId } = splitFindingId(props.id);
  return <Link href={findingHref(props.organisation, assetId, techniqueId)}>{props.id}</Link>;
}
