import { statSync } from 'node:fs';
import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { defineCheck, type CheckResult, type ModelFileTarget, type Pointer, type Severity } from '../../contract.ts';
import { scanPaths } from '../../../scan/scan-paths.ts';
import { outcomeOf } from '../../../scan/summary.ts';
import { defaultLimits, type FileReport, type Verdict } from '../../../scan/types.ts';

const techniques = ['AML.T0010.003', 'AML.T0011.000', 'AML.T0018.002', 'AML.T0076', 'AML.T0025'];

const params = z.object({
  failOn: z.enum(['suspicious', 'dangerous']).default('suspicious').describe('lowest finding level that fails the check'),
  timeoutSeconds: z.number().positive().max(3600).default(60).describe('time budget per file'),
});

const finding = z.object({
  rule: z.string(),
  level: z.enum(['dangerous', 'suspicious', 'info', 'inconclusive']),
  message: z.string(),
  file: z.string(),
  member: z.string().optional(),
  offset: z.number().optional(),
  opcode: z.string().optional(),
  global: z.string().optional(),
  args: z.string().optional(),
  techniques: z.array(z.string()),
  cwe: z.string().optional(),
});

const evidence = z.object({
  verdict: z.enum(['clean', 'suspicious', 'dangerous', 'inconclusive']),
  files: z.array(z.object({ path: z.string(), verdict: z.enum(['clean', 'suspicious', 'dangerous', 'inconclusive']), formats: z.array(z.string()), findings: z.array(finding) })),
});

type Details = z.output<typeof evidence>;

/** Scans a model artifact (file or folder) with the model supply-chain scanner; never loads it. */
export const unsafeDeserialization = defineCheck<ModelFileTarget, typeof params, typeof evidence>({
  id: 'model-file/unsafe-deserialization',
  title: 'Unsafe deserialisation and tampering in model files',
  summary: 'Parses pickles (PyTorch, joblib, NumPy), archives and model formats without loading them, and reports code that runs on load, resolver chains, nested payloads and structural tampering.',
  techniques,
  targetKind: 'model-file',
  impact: { sendsTraffic: false, intrusive: false, cost: 'free' },
  params,
  evidence,
  examples: [
    { title: 'Gate on anything suspicious (default)', params: {} },
    { title: 'Only fail on code execution', params: { failOn: 'dangerous', timeoutSeconds: 120 } },
  ],
  async run(context, p): Promise<CheckResult<Details>> {
    if (context.signal.aborted) return { outcome: 'error', severity: 'info', summary: 'aborted before the scan started', details: { verdict: 'inconclusive', files: [] } };
    try {
      statSync(context.target.path);
    } catch {
      return { outcome: 'error', severity: 'info', summary: `model artifact not found: ${context.target.path}`, details: { verdict: 'inconclusive', files: [] } };
    }
    const reports = await scanPaths([context.target.path], {
      limits: { ...defaultLimits, timeMs: p.timeoutSeconds * 1000 },
      jobs: 0,
      onReport: (_r, done, total) => context.progress.update(done, total, 'files'),
    });
    return resultOf(reports, p.failOn);
  },
});

const rank: Record<Verdict, number> = { clean: 0, suspicious: 1, inconclusive: 2, dangerous: 3 };
const severityOf: Record<Verdict, Severity> = { clean: 'info', suspicious: 'medium', inconclusive: 'medium', dangerous: 'critical' };

export function resultOf(reports: FileReport[], failOn: 'suspicious' | 'dangerous'): CheckResult<Details> {
  const verdict = reports.reduce<Verdict>((v, r) => (rank[r.verdict] > rank[v] ? r.verdict : v), 'clean');
  const outcome = outcomeOf(reports, failOn);
  const findings = reports.flatMap((r) => r.findings).filter((f) => f.level !== 'info');
  const seen = new Set(findings.flatMap((f) => f.techniques));
  const pointers: Pointer[] = findings.slice(0, 50).map((f) => ({
    file: f.file,
    ...(f.member ? { member: f.member } : {}),
    ...(f.offset !== undefined ? { offset: f.offset } : {}),
    note: `${f.rule}: ${f.message}`,
  }));
  const counts = { dangerous: 0, suspicious: 0, inconclusive: 0, clean: 0 };
  for (const r of reports) counts[r.verdict]++;
  return {
    outcome: outcome === 'findings' ? 'fail' : outcome === 'inconclusive' ? 'inconclusive' : 'pass',
    severity: severityOf[verdict],
    summary: `${reports.length} file(s): ${counts.dangerous} dangerous, ${counts.suspicious} suspicious, ${counts.inconclusive} inconclusive, ${counts.clean} clean`,
    techniques: (seen.size ? techniques.filter((t) => seen.has(t)) : techniques) as TechniqueId[],
    measurements: { files: reports.length, findings: findings.length, bytes: reports.reduce((n, r) => n + r.bytes, 0), ...counts },
    pointers,
    details: {
      verdict,
      files: reports.map((r) => ({ path: r.path, verdict: r.verdict, formats: r.formats, findings: r.findings.slice(0, 200).map(({ via: _via, ...f }) => f) })),
    },
  };
}
