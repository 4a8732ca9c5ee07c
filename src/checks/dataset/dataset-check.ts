import { z } from 'zod';
import type { ScanReport } from '../../data/scan/report.ts';
import type { FlagKind } from '../../data/scan/flags.ts';
import { defineCheck, type CheckDeclaration, type CheckResult, type DatasetTarget, type Pointer } from '../contract.ts';

/**
 * The dataset family: four checks over one scan of a data file (src/data/scan), each judging one kind of
 * flag. The scan runs once per file and review; the checks share it through the target object.
 */
const scans = new WeakMap<DatasetTarget, Map<string, Promise<ScanReport>>>();

function scanOnce(target: DatasetTarget, label: string | undefined, signal: AbortSignal): Promise<ScanReport> {
  const byLabel = scans.get(target) ?? new Map<string, Promise<ScanReport>>();
  scans.set(target, byLabel);
  const key = label ?? '';
  let scan = byLabel.get(key);
  if (!scan) {
    scan = import('../../data/scan/scan-dataset.ts').then(({ scanDataset }) => scanDataset([target.path], { label, signal }));
    byLabel.set(key, scan);
  }
  return scan;
}

export const row = z.object({ file: z.string(), row: z.number(), line: z.number().optional(), label: z.string(), score: z.number(), reason: z.string() });

export const evidence = z.object({
  rows: z.number(),
  flagged: z.number(),
  share: z.number(),
  /** Confident learning's estimate of wrong labels (label-issues only). */
  estimate: z.number().optional(),
  maxShare: z.number(),
  top: z.array(row),
});

export interface DatasetCheckSpec {
  name: string;
  kind: FlagKind;
  title: string;
  summary: string;
  techniques: string[];
  /** Default share of flagged rows above which the check fails. */
  maxShare: number;
  shareWhy: string;
}

export function datasetCheck(spec: DatasetCheckSpec): CheckDeclaration<DatasetTarget, z.ZodType, typeof evidence> {
  const params = z.object({
    label: z.string().optional().describe('the label column (default: label/target/class/y, else the last column)'),
    maxShare: z.number().min(0).max(1).default(spec.maxShare).describe(spec.shareWhy),
  });
  return defineCheck<DatasetTarget, typeof params, typeof evidence>({
    id: `dataset/${spec.name}`,
    title: spec.title,
    summary: spec.summary,
    techniques: spec.techniques,
    targetKind: 'dataset',
    impact: { sendsTraffic: false, intrusive: false, cost: 'low' },
    params,
    evidence,
    examples: [
      { title: 'Defaults', params: {} },
      { title: 'A named label column, a stricter bar', params: { label: 'is_fraud', maxShare: spec.maxShare / 2 } },
    ],
    async run(context, p): Promise<CheckResult<z.output<typeof evidence>>> {
      const report = await scanOnce(context.target, p.label, context.signal);
      return judge(report, spec, p.maxShare);
    },
  });
}

export function judge(report: ScanReport, spec: DatasetCheckSpec, maxShare: number): CheckResult<z.output<typeof evidence>> {
  const rows = report.flagged.filter((f) => f.kind === spec.kind);
  const c = report.contamination[spec.kind];
  const fail = rows.length > 0 && c.share > maxShare;
  const pointers: Pointer[] = rows.slice(0, 50).map((f) => ({ file: f.file, ...(f.line !== undefined ? { line: f.line } : {}), note: `row ${f.row}: ${f.reason}` }));
  const what = `${rows.length} of ${report.rows} rows (${(c.share * 100).toFixed(2)}%) flagged as ${spec.kind}`;
  return {
    outcome: fail ? 'fail' : 'pass',
    severity: fail ? (spec.kind === 'backdoor' || c.share > 5 * Math.max(maxShare, 0.01) ? 'high' : 'medium') : 'info',
    summary: fail ? `${what}, above the ${(maxShare * 100).toFixed(2)}% allowed` : rows.length > 0 ? `${what}, within the ${(maxShare * 100).toFixed(2)}% allowed` : `no row flagged as ${spec.kind} in ${report.rows} rows`,
    measurements: { rows: report.rows, flagged: rows.length, share: c.share, ...(c.estimate !== undefined ? { estimate: c.estimate } : {}) },
    pointers,
    details: { rows: report.rows, flagged: rows.length, share: c.share, ...(c.estimate !== undefined ? { estimate: c.estimate } : {}), maxShare, top: rows.slice(0, 50) },
  };
}
