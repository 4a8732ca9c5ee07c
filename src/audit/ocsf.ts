import { OCSF_VERSION } from '../report/ocsf.ts';
import { RAMPART_VERSION } from '../version.ts';
import type { AuditRecord } from './audit-log.ts';

/**
 * An audit record as an OCSF **API Activity** (6003) event. Chosen over Entity Management (3004): every entry is
 * one call to Rampart's API (or its CLI) by a named actor that creates, reads, changes or removes a resource —
 * a finding's status, a waiver, a review, an account — which is what API Activity describes (actor, api.operation,
 * resources, status). Entity Management is the IAM category's class for managing users and groups, and would fit
 * only the account entries. The chain (seq, hashes) and the before/after states go in `unmapped`.
 */
const API_ACTIVITY = { class_uid: 6003, class_name: 'API Activity', category_uid: 6, category_name: 'Application Activity' } as const;

const ACTIVITIES = { create: { id: 1, name: 'Create' }, read: { id: 2, name: 'Read' }, update: { id: 3, name: 'Update' }, delete: { id: 4, name: 'Delete' }, other: { id: 99, name: 'Other' } } as const;

/** The activity from the action's verb (`waiver.request` → Create, `finding.update` → Update, `token.revoke` → Delete). */
function activityOf(action: string): (typeof ACTIVITIES)[keyof typeof ACTIVITIES] {
  const verb = action.split('.').at(-1) ?? '';
  if (['create', 'add', 'request', 'upload', 'register', 'start', 'signoff'].includes(verb)) return ACTIVITIES.create;
  if (['update', 'assign', 'approve', 'status', 'grant'].includes(verb)) return ACTIVITIES.update;
  if (['revoke', 'delete', 'remove', 'disable', 'sign-out'].includes(verb)) return ACTIVITIES.delete;
  if (['read', 'export'].includes(verb)) return ACTIVITIES.read;
  return ACTIVITIES.other;
}

export function toOcsf(record: AuditRecord): Record<string, unknown> {
  const activity = activityOf(record.action);
  const refused = record.outcome === 'refused';
  return {
    ...API_ACTIVITY,
    activity_id: activity.id,
    activity_name: activity.name,
    type_uid: API_ACTIVITY.class_uid * 100 + activity.id,
    type_name: `${API_ACTIVITY.class_name}: ${activity.name}`,
    time: Date.parse(record.at),
    severity_id: 1,
    severity: 'Informational',
    status_id: refused ? 2 : 1,
    status: refused ? 'Failure' : 'Success',
    message: `${record.actor} ${record.action} ${record.target}${refused ? ' (refused)' : ''}`,
    actor: { user: { name: record.actor } },
    api: { operation: record.action, service: { name: 'rampart' } },
    resources: [{ uid: record.target, type: record.target.split('/')[0] }],
    src_endpoint: { name: 'rampart' },
    metadata: { version: OCSF_VERSION, uid: String(record.seq), product: { name: 'Rampart', vendor_name: 'Rampart', version: RAMPART_VERSION }, log_name: 'audit' },
    unmapped: { seq: record.seq, before: record.before, after: record.after, prev_hash: record.prevHash, hash: record.hash },
  };
}
