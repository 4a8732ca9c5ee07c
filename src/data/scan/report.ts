import type { Analysis } from './analyse.ts';
import { FLAG_KINDS, type FlagKind } from './flags.ts';
import type { Table } from './table.ts';

/** One flagged row as the user and the review see it: a pointer (file and row) and why. */
export interface FlaggedRow {
  kind: FlagKind;
  file: string;
  /** Data row in the file, from 0 (the header is not a row). */
  row: number;
  /** 1-based line in the file, for CSV and JSON Lines. */
  line?: number;
  label: string;
  score: number;
  reason: string;
}

export interface ScanReport {
  tool: 'rampart-data-scan';
  files: string[];
  rows: number;
  features: number;
  labelColumn: string | undefined;
  reference?: { files: string[]; rows: number };
  classes: { name: string; rows: number; share: number }[];
  /** Largest class over smallest; 1 is balanced. */
  imbalance: number;
  flagged: FlaggedRow[];
  /** Per kind: rows flagged and their share; for label issues, also confident learning's estimate. */
  contamination: Record<FlagKind, { rows: number; share: number; estimate?: number }>;
  methods: string[];
  notes: string[];
}

export function buildReport(table: Table, reference: Table | undefined, analysis: Analysis): ScanReport {
  const n = table.x.rows;
  const counts = table.classes.map(() => 0);
  for (const c of table.y) counts[c] = (counts[c] ?? 0) + 1;
  const flagged: FlaggedRow[] = analysis.flags
    .slice()
    .sort((a, b) => FLAG_KINDS.indexOf(a.kind) - FLAG_KINDS.indexOf(b.kind) || b.score - a.score || a.index - b.index)
    .map((f) => {
      const line = table.source.line[f.index] as number;
      return {
        kind: f.kind,
        file: table.files[table.source.file[f.index] as number] as string,
        row: table.source.row[f.index] as number,
        ...(line > 0 ? { line } : {}),
        label: table.classes[table.y[f.index] as number] ?? '',
        score: round(f.score),
        reason: f.reason,
      };
    });
  const contamination = Object.fromEntries(
    FLAG_KINDS.map((kind) => {
      const rows = new Set(analysis.flags.filter((f) => f.kind === kind).map((f) => f.index)).size;
      return [kind, { rows, share: round(rows / n), ...(kind === 'label-issue' ? { estimate: round(analysis.labelNoiseEstimate) } : {}) }];
    }),
  ) as ScanReport['contamination'];
  const notes = [...analysis.notes];
  if (table.missingCells > 0) notes.push(`${table.missingCells} missing feature cell(s) filled with their column's mean`);
  if (table.ignoredColumns.length > 0) notes.push(`text column(s) left out of the features: ${table.ignoredColumns.join(', ')}`);
  const nonZero = counts.filter((c) => c > 0);
  return {
    tool: 'rampart-data-scan',
    files: table.files,
    rows: n,
    features: table.x.cols,
    labelColumn: table.labelColumn,
    ...(reference ? { reference: { files: reference.files, rows: reference.x.rows } } : {}),
    classes: table.classes.map((name, i) => ({ name, rows: counts[i] ?? 0, share: round((counts[i] ?? 0) / n) })),
    imbalance: nonZero.length > 0 ? round(Math.max(...nonZero) / Math.min(...nonZero)) : 1,
    flagged,
    contamination,
    methods: analysis.methods,
    notes,
  };
}

const round = (v: number): number => Math.round(v * 10000) / 10000;
