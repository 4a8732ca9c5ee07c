import { analyse, defaultAnalyseOptions, type AnalyseOptions } from './analyse.ts';
import { loadTable } from './load-table.ts';
import { buildReport, type ScanReport } from './report.ts';

export interface ScanOptions extends Partial<AnalyseOptions> {
  label?: string | undefined;
  /** The declared evaluation set: rows of the dataset that copy it are leakage. */
  reference?: string[] | undefined;
}

/** `rampart data scan`: load the files (and the reference set), run every detector, build the report. */
export async function scanDataset(files: readonly string[], options: ScanOptions = {}): Promise<ScanReport> {
  const table = await loadTable(files, { label: options.label, signal: options.signal });
  const reference = options.reference?.length
    ? await loadTable(options.reference, { label: table.labelColumn, requireLabel: false, classes: table.classes, features: table.features, signal: options.signal })
    : undefined;
  const analysis = await analyse(table, reference, { ...defaultAnalyseOptions, ...definedOnly(options) });
  return buildReport(table, reference, analysis);
}

function definedOnly(options: ScanOptions): Partial<AnalyseOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<AnalyseOptions>;
}
