import { z } from 'zod';
import { EvasionParams, runEvasion } from '../../../attacks/evasion.ts';
import { InputSet, vectors } from '../../../attacks/inputs.ts';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { afterTargetFailure } from '../target-failure.ts';
import { defineCheck, type PredictionApiTarget } from '../../contract.ts';

const Params = EvasionParams.extend({
  data: InputSet,
  /** The distance (in `norm`) the inventory declares meaningful: an evasion within it counts as exploited. */
  meaningfulDistance: z.number().positive().optional(),
  /** Share of inputs that may be evaded within that distance before the check fails. */
  tolerance: z.number().min(0).max(1).default(0),
  /** Stop starting new inputs after this many seconds; results so far are kept. */
  maxSeconds: z.number().positive().optional(),
});

const Evidence = z.object({ inputs: z.array(z.object({ index: z.number(), success: z.boolean(), queries: z.number(), l2: z.number().nullable(), linf: z.number().nullable(), relativeL2: z.number().nullable().optional() }).passthrough()), summary: z.object({ successRate: z.number(), medianL2: z.number().nullable(), medianRelativeL2: z.number().nullable().optional(), medianQueries: z.number().nullable() }).passthrough() }).passthrough();

export const evasionCheck = defineCheck<PredictionApiTarget, typeof Params, typeof Evidence>({
  id: 'prediction-api/evasion',
  title: 'Evasion of a prediction API',
  summary: 'Black-box adversarial examples against the live API (HopSkipJump on labels, SimBA on scores) within a query budget; compares the distances reached with the distance the inventory declares meaningful.',
  techniques: ['AML.T0015', 'AML.T0043.001'],
  targetKind: 'prediction-api',
  impact: { sendsTraffic: true, intrusive: true, cost: 'high' },
  params: Params,
  evidence: Evidence,
  examples: [
    { title: 'Label-only API, L2, 1,000 queries per input', params: { data: { inputs: [[0.1, 0.9]], labels: [1] }, queriesPerInput: 1000, meaningfulDistance: 1 } },
    { title: 'Score-based SimBA, L∞ 0.1, integer features', params: { data: { inputs: [[3, 1, 0]] }, method: 'simba', norm: 'linf', simbaEpsilon: 1, constraints: { min: 0, max: 10, integer: [0, 1, 2] }, meaningfulDistance: 1 } },
  ],
  async run(context, params) {
    const target = context.target;
    const deadline = params.maxSeconds !== undefined ? context.clock().getTime() + params.maxSeconds * 1000 : undefined;
    const result = await runEvasion(target, vectors(params.data), params.data.labels, params, {
      signal: context.signal,
      ...(deadline !== undefined ? { deadline } : {}),
      progress: (done, total) => context.progress.update(done, total, 'inputs'),
    });
    const s = result.summary;
    const measurements: Record<string, number> = { attacked: s.attacked, successRate: s.successRate, totalQueries: s.totalQueries };
    if (s.medianL2 !== null) measurements.medianL2 = s.medianL2;
    if (s.medianLinf !== null) measurements.medianLinf = s.medianLinf;
    if (s.medianRelativeL2 !== null) measurements.medianRelativeL2 = s.medianRelativeL2;
    if (s.medianQueries !== null) measurements.medianQueries = s.medianQueries;
    // Raw distances are in feature units; the relative figure says how large a change that is for these inputs.
    const relative = s.medianRelativeL2 !== null ? ` (${s.norm === 'l2' ? '' : 'L2 '}${(s.medianRelativeL2 * 100).toPrecision(2)}% of the input's L2 norm)` : '';
    const figures = `${(s.successRate * 100).toFixed(0)}% of ${s.attacked} inputs evaded; median ${s.norm.toUpperCase()} ${fmt(s.norm === 'l2' ? s.medianL2 : s.medianLinf)}${relative} at a median ${fmt(s.medianQueries, 0)} queries`;
    measurements.unconfirmed = s.unconfirmed;
    // Random or noisy answers (a defence) make "no evasion" no evidence of robustness: never a pass.
    const contradicted =
      s.unconfirmed > 0 ? `; the API answered ${s.unconfirmed} adversarial input${s.unconfirmed === 1 ? '' : 's'} differently when asked again (random or noisy answers, e.g. a query-pattern defence), not counted` : '';
    const partial = s.stopped ? ` (stopped early: ${s.stopped}${s.stoppedBy ? ` — ${s.stoppedBy}` : ''})` : '';
    const base = { measurements, details: result, pointers: [{ note: `target ${target.name}` }] };
    const failed = afterTargetFailure(s, s.attacked === 0 ? 'no input attacked' : figures);
    if (failed) return { ...base, ...failed };
    if (params.meaningfulDistance === undefined) {
      return { ...base, outcome: 'inconclusive', severity: 'info', summary: `${figures}${contradicted}; no meaningful distance declared, so no verdict${partial}` };
    }
    const limit = params.meaningfulDistance;
    const within = result.inputs.filter((r) => r.success && ((s.norm === 'l2' ? r.l2 : r.linf) ?? Infinity) <= limit).length;
    const rate = s.attacked === 0 ? 0 : within / s.attacked;
    measurements.successRateWithinMeaningfulDistance = rate;
    if (rate > params.tolerance) {
      return { ...base, outcome: 'fail', severity: rate >= 0.5 ? 'high' : 'medium', techniques: ['AML.T0015', 'AML.T0043.001'] as TechniqueId[], summary: `${(rate * 100).toFixed(0)}% of inputs evaded within the meaningful ${s.norm.toUpperCase()} distance ${params.meaningfulDistance}; ${figures}${contradicted}${partial}` };
    }
    const verdict = s.attacked === 0 || s.unconfirmed > 0 ? ('inconclusive' as const) : ('pass' as const);
    return { ...base, outcome: verdict, severity: 'info', summary: `No input evaded within the meaningful ${s.norm.toUpperCase()} distance ${params.meaningfulDistance}; ${figures}${contradicted}${partial}` };
  },
});

function fmt(v: number | null, digits = 3): string {
  return v === null ? 'n/a' : v.toFixed(digits);
}
