import '../../flows/flows.css';
import { apiGet } from '../../api/client.ts';
import { useLoad } from '../../flows/use-load.ts';
import { score } from '../../flows/format.ts';
import { Badge } from '../../ui/badge.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page as Frame } from '../../ui/page.tsx';
import { EvidenceList } from './evidence.tsx';
import { History } from './history.tsx';
import { PlanPanel, RiskPanel, TrailPanel } from './reasoning.tsx';
import { Triage } from './triage.tsx';
import type { FindingDetail } from './types.ts';
import { WaiverPanel } from './waiver.tsx';

/** One finding: why it is what it is (trail, evidence, risk), what to do (plan), and where it stands (status, waiver, history). */
export default function Page(props: { params: Record<string, string> }) {
  const { organisation = '', asset = '', technique = '' } = props.params;
  const path = `/organisations/${encodeURIComponent(organisation)}/findings/${encodeURIComponent(asset)}/${encodeURIComponent(technique)}`;
  const loaded = useLoad(() => apiGet<FindingDetail>(`${path}/detail`), path);
  const detail = loaded.data;
  const title = detail ? `${detail.finding.techniqueName} on ${asset}` : `${technique} on ${asset}`;
  return (
    <Frame title={title}>
      {loaded.error !== undefined && <ErrorMessage error={loaded.error} what="the finding" />}
      {!detail && loaded.loading && <Loading what="the finding" />}
      {detail && (
        <>
          <p className="finding-summary">
            <code>{detail.finding.techniqueId}</code> · {organisation} · review {detail.reviewId} of {detail.reviewDate} · coverage <Badge value={detail.finding.coverage} kind="coverage" /> · risk{' '}
            <Badge value={detail.finding.risk.level} kind="level" /> {score(detail.finding.risk.score)}
          </p>
          <Triage path={path} state={detail.state} onChanged={loaded.reload} />
          <div className="grid-2">
            <TrailPanel finding={detail.finding} />
            <RiskPanel finding={detail.finding} />
          </div>
          <PlanPanel finding={detail.finding} />
          <EvidenceList evidence={detail.evidence} />
          <WaiverPanel organisation={organisation} detail={detail} onChanged={loaded.reload} />
          <History detail={detail} />
        </>
      )}
    </Frame>
  );
}
