import type { Atlas } from '../../atlas/atlas.ts';
import type { Severity } from '../../checks/contract.ts';
import { RAMPART_VERSION } from '../../version.ts';
import type { Alert } from '../alerts.ts';

/** OCSF 1.5.0 Detection Finding (class 2004): the class SIEMs take for alerts of a detection product. */
export const OCSF_VERSION = '1.5.0';
const DETECTION_FINDING = { class_uid: 2004, class_name: 'Detection Finding', category_uid: 2, category_name: 'Findings' } as const;
const SEVERITY: Record<Severity, { id: number; name: string }> = {
  info: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

const techniqueUrl = (id: string): string => `https://atlas.mitre.org/techniques/${id.replace(/\.(\d{3})$/, '/$1')}`;

/**
 * One alert as an OCSF Detection Finding: the ATLAS technique (and sub-technique) with each of its tactics in
 * `finding_info.attacks`, the client as the actor of every evidence artifact, first and last event times,
 * and the evidence events (log file and line) in `evidences[].data`.
 */
export function ocsfDetectionFinding(alert: Alert, atlas: Atlas | undefined, now: number): Record<string, unknown> {
  const severity = SEVERITY[alert.severity];
  const attacks = alert.techniques.flatMap((id) => {
    const t = atlas?.techniques.get(id);
    const parentId = /^(.*\.T\d{4})\.\d{3}$/.exec(id)?.[1];
    const parent = parentId ? atlas?.techniques.get(parentId as typeof id) : undefined;
    const technique = parentId ? { uid: parentId, name: parent?.name ?? parentId, src_url: techniqueUrl(parentId) } : { uid: id, name: t?.name ?? id, src_url: techniqueUrl(id) };
    const sub = parentId ? { sub_technique: { uid: id, name: t?.name ?? id, src_url: techniqueUrl(id) } } : {};
    const tactics = (t?.tactics.length ? t.tactics : (parent?.tactics ?? [])) as readonly string[];
    const version = atlas ? { version: atlas.version } : {};
    if (tactics.length === 0) return [{ technique, ...sub, ...version }];
    return tactics.map((tactic) => ({ technique, ...sub, tactic: { uid: tactic, name: atlas?.tactics.find((x) => x.id === tactic)?.name ?? tactic }, ...version }));
  });
  return {
    ...DETECTION_FINDING,
    activity_id: 1,
    activity_name: 'Create',
    type_uid: DETECTION_FINDING.class_uid * 100 + 1,
    type_name: `${DETECTION_FINDING.class_name}: Create`,
    severity_id: severity.id,
    severity: severity.name,
    time: alert.lastTime ?? now,
    message: alert.summary,
    status_id: 1,
    status: 'New',
    is_alert: true,
    metadata: { version: OCSF_VERSION, product: { name: 'Rampart', vendor_name: 'Rampart', version: RAMPART_VERSION, feature: { name: alert.detector } }, uid: alert.id, log_name: 'inference-monitor' },
    finding_info: {
      uid: alert.id,
      title: `${alert.detector}: ${alert.techniques.join(', ')} by ${alert.client}`,
      desc: alert.summary,
      types: [alert.detector],
      analytic: { uid: alert.detector, name: alert.detector, type_id: 1, type: 'Rule' },
      ...(alert.firstTime !== undefined ? { first_seen_time: alert.firstTime } : {}),
      ...(alert.lastTime !== undefined ? { last_seen_time: alert.lastTime } : {}),
      attacks,
    },
    evidences: alert.events.map((e) => ({
      actor: { user: { uid: alert.client, name: alert.client } },
      data: { log: e.source, line: e.line, ...(e.time !== undefined ? { time: new Date(e.time).toISOString() } : {}), ...(e.note ? { note: e.note } : {}) },
    })),
    unmapped: { client: alert.client, at_client_event: alert.atClientEvent, raises: alert.raises, measurements: alert.measurements },
  };
}
