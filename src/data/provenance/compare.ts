import { recordedCut, type Cut } from './build-manifest.ts';
import { locateRows, type RowChange } from './locate-rows.ts';
import type { ColumnProfile, FileManifest } from './manifest.ts';
import { KS_MIN_D, KS_P, PSI_MODERATE, PSI_SHIFT, categoricalPsi, ks, numericPsi } from './shift.ts';

export interface SchemaChange {
  column: string;
  change: 'added' | 'removed' | 'type';
  from?: string;
  to?: string;
}

export interface Shift {
  column: string;
  kind: 'numeric' | 'categorical' | 'missing';
  /** The label column's category distribution: a flip of labels shows here. */
  label?: boolean;
  psi?: number;
  ks?: { d: number; p: number };
  /** Share of missing cells, before and after (kind missing). */
  missing?: [number, number];
  level: 'shift' | 'moderate';
  before: string;
  after: string;
}

export type FileStatus = 'unchanged' | 'appended' | 'changed' | 'missing' | 'new' | 'unreadable';

/** How a data file changed since the previous review's manifest of it. */
export interface FileChange {
  path: string;
  assetId?: string;
  appendOnly: boolean;
  status: FileStatus;
  sha256: { before?: string; after?: string };
  rows: { before?: number; after?: number; appended?: number };
  /** Runs of changed, removed or inserted rows (at most MAX_RANGES), and their totals. */
  rowChanges: RowChange[];
  rowTotals: { changed: number; removed: number; inserted: number };
  /** 0-based chunks of the previous file that are no longer intact. */
  chunks: number[];
  schemaDrift: SchemaChange[];
  shifts: Shift[];
  /** Data declared append-only whose earlier rows, columns or bytes changed: tamper evidence. */
  violation: boolean;
  note?: string;
}

const MAX_RANGES = 50;
/** A change of this much in the share of missing cells is a shift. */
const MISSING_SHIFT = 0.1;

export function compareManifests(before: FileManifest | undefined, after: FileManifest | undefined, cut?: Cut): FileChange {
  const path = after?.path ?? before?.path ?? '';
  const appendOnly = after?.appendOnly ?? before?.appendOnly ?? false;
  const base = { path, appendOnly, sha256: { before: before?.sha256, after: after?.sha256 }, rowChanges: [], rowTotals: { changed: 0, removed: 0, inserted: 0 }, chunks: [], schemaDrift: [], shifts: [] };
  if (!before) return { ...base, status: 'new', rows: { after: after?.rows }, violation: false, note: 'no earlier manifest: recorded as the baseline' };
  if (!after) return { ...base, status: 'missing', rows: { before: before.rows }, violation: appendOnly, note: 'the file is gone' };
  const rows = { before: before.rows, after: after.rows };
  if (before.sha256 === after.sha256) return { ...base, status: 'unchanged', rows, violation: false };
  const schemaDrift = schemaChanges(before, after);
  const shifts = profileShifts(before, after);
  if (before.format === 'bytes' || after.format === 'bytes' || before.format !== after.format) {
    return { ...base, status: 'changed', rows, schemaDrift, shifts, violation: appendOnly, note: before.format === after.format ? 'not a table: changed as a whole' : `the format changed (${before.format} → ${after.format})` };
  }
  const located = locateRows(before, after, cut ?? recordedCut(after, before.rows));
  const totals = { changed: 0, removed: 0, inserted: 0 };
  for (const r of located.changes) totals[r.kind] += r.to - r.from + 1;
  const status: FileStatus = located.prefixIntact ? 'appended' : 'changed';
  // A CSV that gains or loses a column rewrites every earlier row, which the row hashes already see. A removed column
  // is a violation however it is stored; a JSON Lines key that only new rows carry, or a type that only new rows
  // change, is drift (reported, inconclusive), not an edit of earlier rows.
  const violation = appendOnly && (!located.prefixIntact || schemaDrift.some((d) => d.change === 'removed'));
  return {
    ...base,
    status,
    rows: { ...rows, ...(located.prefixIntact ? { appended: located.appended } : {}) },
    rowChanges: located.changes.slice(0, MAX_RANGES),
    rowTotals: totals,
    chunks: located.chunks,
    schemaDrift,
    shifts,
    violation,
    ...(located.changes.length > MAX_RANGES ? { note: `${located.changes.length} runs of changed rows; the first ${MAX_RANGES} are listed` } : {}),
  };
}

function schemaChanges(before: FileManifest, after: FileManifest): SchemaChange[] {
  const old = new Map((before.columns ?? []).map((c) => [c.name, c.type]));
  const now = new Map((after.columns ?? []).map((c) => [c.name, c.type]));
  const out: SchemaChange[] = [];
  for (const [name, type] of old) {
    const to = now.get(name);
    if (to === undefined) out.push({ column: name, change: 'removed', from: type });
    // A column that was all missing gains a type without drifting; integer → number is a widening, not a drift.
    else if (to !== type && type !== 'empty' && to !== 'empty' && !(type === 'integer' && to === 'number')) out.push({ column: name, change: 'type', from: type, to });
  }
  for (const [name, type] of now) if (!old.has(name)) out.push({ column: name, change: 'added', to: type });
  return out;
}

function profileShifts(before: FileManifest, after: FileManifest): Shift[] {
  const now = new Map((after.profile ?? []).map((p) => [p.name, p]));
  const out: Shift[] = [];
  for (const old of before.profile ?? []) {
    const cur = now.get(old.name);
    if (!cur) continue;
    const label = before.label === old.name || after.label === old.name ? { label: true } : {};
    const missing: [number, number] = [share(old.missing, old), share(cur.missing, cur)];
    if (Math.abs(missing[1] - missing[0]) >= MISSING_SHIFT) out.push({ column: old.name, kind: 'missing', ...label, missing, level: 'shift', before: percent(missing[0]), after: percent(missing[1]) });
    // A column that only ever grows (an id, a timestamp) moves with every append; its shift says nothing.
    if (old.numeric?.monotonic && cur.numeric?.monotonic) continue;
    if (old.numeric && cur.numeric && !(old.categories && cur.categories)) {
      const p = numericPsi(old.numeric.sample, cur.numeric.sample);
      const k = ks(old.numeric.sample, cur.numeric.sample);
      const level = p >= PSI_SHIFT || (k.p < KS_P && k.d >= KS_MIN_D) ? 'shift' : p >= PSI_MODERATE ? 'moderate' : undefined;
      if (level) out.push({ column: old.name, kind: 'numeric', ...label, psi: p, ks: k, level, before: numbers(old), after: numbers(cur) });
    } else if (old.categories && cur.categories && old.categories.top.length > 0) {
      const p = categoricalPsi(old.categories, cur.categories);
      const level = p >= PSI_SHIFT ? 'shift' : p >= PSI_MODERATE ? 'moderate' : undefined;
      if (level) out.push({ column: old.name, kind: 'categorical', ...label, psi: p, level, before: top(old), after: top(cur) });
    }
  }
  return out;
}

function share(n: number, p: ColumnProfile): number {
  return p.count + p.missing === 0 ? 0 : n / (p.count + p.missing);
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}% missing`;
}

function numbers(p: ColumnProfile): string {
  const n = p.numeric;
  return n ? `mean ${round(n.mean)}, std ${round(n.std)}, [${round(n.min)}, ${round(n.max)}]` : '';
}

function top(p: ColumnProfile): string {
  const total = p.count || 1;
  return (p.categories?.top ?? [])
    .slice(0, 4)
    .map(([k, c]) => `${k} ${((c / total) * 100).toFixed(1)}%`)
    .join(', ');
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}
