import type { TechniqueId } from '../../atlas/ids.ts';
import type { Evidence, Pointer } from '../../checks/contract.ts';
import type { FileChange } from './compare.ts';

/** The id evidence of data provenance carries (it is not a registered check: it runs with every stored review). */
export const PROVENANCE_CHECK_ID = 'data/provenance';

const DATA_TECHNIQUES = ['AML.T0020', 'AML.T0059'] as TechniqueId[];
const MODEL_TECHNIQUES = ['AML.T0018.000'] as TechniqueId[];

/**
 * Tamper evidence from a file's change since the previous review:
 * - **fail** (the technique is exploited on the data asset): data declared append-only whose earlier rows changed,
 *   were removed or had rows inserted among them, whose schema changed, or which is gone;
 * - **inconclusive** (shown, not counted): schema drift or a distribution shift in data that may change, and, for the
 *   models trained on a tampered file, AML.T0018.000 — the model may have learnt from the changed rows;
 * - nothing for unchanged files, appends to append-only data, or edits of data not declared append-only that shift
 *   nothing.
 */
export function provenanceEvidence(change: FileChange, trainedBy: readonly string[], time: { startedAt: string; finishedAt: string }, since?: number): Evidence[] {
  if (!change.assetId) return [];
  const shifts = change.shifts.filter((s) => s.level === 'shift');
  const noteworthy = change.violation || change.schemaDrift.length > 0 || shifts.length > 0 || change.status === 'unreadable';
  if (!noteworthy) return [];
  const summary = `${change.path}: ${describeChange(change)}${since !== undefined ? ` since review ${since}` : ''}`;
  const base = {
    checkId: PROVENANCE_CHECK_ID,
    target: change.path,
    measurements: {
      rowsChanged: change.rowTotals.changed,
      rowsRemoved: change.rowTotals.removed,
      rowsInserted: change.rowTotals.inserted,
      schemaChanges: change.schemaDrift.length,
      shiftedColumns: shifts.length,
    },
    pointers: pointers(change),
    details: change,
    ...time,
  };
  const outcome = change.status === 'unreadable' ? 'error' : change.violation ? 'fail' : 'inconclusive';
  const severity = change.violation ? 'high' : 'medium';
  const out: Evidence[] = [{ ...base, outcome, severity, summary, techniques: DATA_TECHNIQUES, assets: [change.assetId] }];
  if (change.violation && trainedBy.length > 0) {
    out.push({ ...base, outcome: 'inconclusive', severity: 'medium', summary: `trained on ${summary}: verify or retrain the model`, techniques: MODEL_TECHNIQUES, assets: [...trainedBy] });
  }
  return out;
}

/** One line: what changed, most serious first. */
export function describeChange(change: FileChange): string {
  const parts: string[] = [];
  if (change.status === 'missing') parts.push('the file is gone');
  if (change.status === 'unreadable') parts.push(change.note ?? 'unreadable');
  const { changed, removed, inserted } = change.rowTotals;
  const approximate = change.rowChanges.some((r) => r.approximate);
  const rows = [changed && (approximate ? `changes within ${changed} row(s)` : `${changed} row(s) changed`), removed && `${removed} removed`, inserted && `${inserted} inserted before the end`].filter(Boolean);
  if (rows.length > 0) parts.push(`${rows.join(', ')}${change.rowChanges[0] ? ` (first at rows ${range(change.rowChanges[0])})` : ''}`);
  if (change.status === 'changed' && rows.length === 0 && change.note) parts.push(change.note);
  if (change.status === 'appended') parts.push(`${change.rows.appended ?? 0} row(s) appended`);
  if (change.schemaDrift.length > 0) parts.push(`schema drift: ${change.schemaDrift.map((d) => (d.change === 'type' ? `${d.column} ${d.from} → ${d.to}` : `${d.column} ${d.change}`)).join(', ')}`);
  const shifts = change.shifts.filter((s) => s.level === 'shift');
  if (shifts.length > 0) parts.push(`distribution shift in ${shifts.map((s) => `${s.column}${s.label ? ' (label)' : ''}`).join(', ')}`);
  if (change.violation) parts.unshift('declared append-only, but');
  return parts.length > 0 ? parts.join('; ').replace('append-only, but;', 'append-only, but') : change.status;
}

export function range(r: { from: number; to: number }): string {
  return r.from === r.to ? `${r.from}` : `${r.from}–${r.to}`;
}

function pointers(change: FileChange): Pointer[] {
  return change.rowChanges.slice(0, 20).map((r) => ({
    file: change.path,
    ...(r.lines ? { line: r.lines[0] } : {}),
    note: `${r.kind} rows ${range(r)} (chunk ${r.chunk + 1}${r.approximate ? ', somewhere in these rows' : ''})`,
  }));
}
