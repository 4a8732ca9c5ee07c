import { sql } from 'kysely';
import { auditDb } from '../../audit/tables.ts';
import type { Waiver } from '../../review/waivers.ts';
import type { Store } from '../../store/connection.ts';
import { StoredFinding } from '../../store/document.ts';
import { read } from '../../store/reviews.ts';
import { storeError } from '../../store/store-error.ts';
import { listWaivers } from '../../store/waivers.ts';
import { listWaiverRequests, type WaiverRequest } from '../waivers/workflow.ts';
import type { FindingKey } from './state.ts';

/** The finding in each stored review of its organisation that had it, oldest first: how its coverage and risk moved. */
export interface ReviewedState {
  reviewId: number;
  reviewDate: string;
  coverage: string;
  score: number;
  level: string;
}

/** A change of status or assignee, from the audit log (the finding_state row keeps only the latest). */
export interface StateChange {
  at: string;
  actor: string;
  before: unknown;
  after: unknown;
}

export interface FindingDetail {
  /** The finding as the review stored it: reasoning trail, controls, risk with its factors, plan (and attack path, if any). */
  finding: Record<string, unknown>;
  /** The evidence of the review's checks and attacks that speaks for this asset and technique. */
  evidence: unknown[];
  history: ReviewedState[];
  changes: StateChange[];
  /** Waivers recorded for the finding (revoked ones are gone), oldest first. */
  waivers: Waiver[];
  requests: WaiverRequest[];
}

/**
 * Everything the finding page shows beyond the list row, read with one query per part: the stored detail, the
 * evidence picked out of the review document in SQL (a large review's evidence never crosses to Node whole), the
 * finding's row in every review of the organisation, and its audited state changes.
 */
export async function findingDetail(store: Store, reviewId: number, key: FindingKey): Promise<FindingDetail | undefined> {
  const findingId = `${key.assetId}/${key.techniqueId}`;
  const row = await read(store, () => store.db.selectFrom('review_finding').select('detail').where('review_id', '=', reviewId).where('asset_id', '=', key.assetId).where('technique_id', '=', key.techniqueId).executeTakeFirst());
  if (!row) return undefined;
  const parsed = StoredFinding.safeParse(row.detail);
  if (!parsed.success) throw storeError(`finding ${findingId} of review ${reviewId} in the store is not in the expected shape (${parsed.error.issues[0]?.message ?? 'invalid'})`, store.where, 'the store may be damaged; restore a backup');
  const [evidence, history, changes, waivers, requests] = await Promise.all([
    evidenceFor(store, reviewId, key),
    historyOf(store, key),
    changesOf(store, key),
    listWaivers(store, { organisation: key.organisation, findingId }),
    listWaiverRequests(store, key.organisation).then((all) => all.filter((r) => r.findingId === findingId)),
  ]);
  return { finding: row.detail as Record<string, unknown>, evidence, history, changes, waivers, requests };
}

async function evidenceFor(store: Store, reviewId: number, key: FindingKey): Promise<unknown[]> {
  const result = await read(store, () =>
    sql<{ item: unknown }>`select e.item from review r, jsonb_array_elements(r.document->'evidence') as e(item)
      where r.id = ${reviewId} and e.item->'assets' ? ${key.assetId} and e.item->'techniques' ? ${key.techniqueId}`.execute(store.db),
  );
  return result.rows.map((r) => r.item);
}

async function historyOf(store: Store, key: FindingKey): Promise<ReviewedState[]> {
  const rows = await read(store, () =>
    store.db
      .selectFrom('review_finding as f')
      .innerJoin('review as r', 'r.id', 'f.review_id')
      .select(['f.review_id', 'r.review_date', 'f.coverage', 'f.score', 'f.level'])
      .where('r.organisation', '=', key.organisation)
      .where('f.asset_id', '=', key.assetId)
      .where('f.technique_id', '=', key.techniqueId)
      .orderBy('f.review_id')
      .execute(),
  );
  return rows.map((r) => ({ reviewId: r.review_id, reviewDate: r.review_date, coverage: r.coverage, score: r.score, level: r.level }));
}

async function changesOf(store: Store, key: FindingKey): Promise<StateChange[]> {
  const target = `finding/${key.organisation}/${key.assetId}/${key.techniqueId}`;
  const rows = await read(store, () => auditDb(store).selectFrom('audit_log').select(['at', 'actor', 'before', 'after']).where('action', '=', 'finding.update').where('target', '=', target).where('outcome', '=', 'success').orderBy('seq').execute());
  return rows.map((r) => ({ at: r.at, actor: r.actor, before: parseJson(r.before), after: parseJson(r.after) }));
}

function parseJson(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}
