import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { ExtractionParams, runExtraction } from '../../../attacks/extraction.ts';
import { InputSet, vectors } from '../../../attacks/inputs.ts';
import { afterTargetFailure } from '../target-failure.ts';
import { defineCheck, type PredictionApiTarget } from '../../contract.ts';

const Params = ExtractionParams.extend({
  /** Unlabeled seed inputs (the attacker's few samples) first, then the held-out inputs fidelity is measured on. */
  data: InputSet,
  /** How many of `data.inputs` are seeds; the rest are held out. */
  seeds: z.number().int().min(1).default(100),
  /** How many inputs after the seeds are a pool of unlabeled natural inputs the attack may choose its queries from (KnockoffNets' transfer set); the rest are held out. */
  pool: z.number().int().min(0).default(0),
  /** Fidelity at or above this marks AML.T0024.002 exploited. */
  fidelityThreshold: z.number().min(0).max(1).default(0.9),
  maxSeconds: z.number().positive().optional(),
});

const Evidence = z.object({ fidelity: z.number().nullable(), attackQueries: z.number(), evaluationQueries: z.number(), fidelityByRound: z.array(z.object({ queries: z.number(), fidelity: z.number() })) }).passthrough();

export const extractionCheck = defineCheck<PredictionApiTarget, typeof Params, typeof Evidence>({
  id: 'prediction-api/extraction',
  title: 'Model extraction through a prediction API',
  summary: 'Trains a surrogate from the API’s answers to a few seed inputs grown with synthetic queries (active learning) within a query budget, and measures its agreement with the victim on held-out inputs.',
  techniques: ['AML.T0024.002', 'AML.T0005'],
  targetKind: 'prediction-api',
  impact: { sendsTraffic: true, intrusive: true, cost: 'medium' },
  params: Params,
  evidence: Evidence,
  examples: [{ title: '100 seeds, 500 queries, 90% fidelity threshold', params: { data: { inputs: [[0, 1], [1, 0], [0.5, 0.5]] }, seeds: 2, queries: 500 } }],
  async run(context, params) {
    const xs = vectors(params.data);
    const deadline = params.maxSeconds !== undefined ? context.clock().getTime() + params.maxSeconds * 1000 : undefined;
    const heldOutFrom = params.seeds + params.pool;
    const attackContext = { signal: context.signal, ...(deadline !== undefined ? { deadline } : {}), progress: (done: number, total: number) => context.progress.update(done, total, 'rounds') };
    const result = await runExtraction(context.target, xs.slice(0, params.seeds), xs.slice(heldOutFrom), params, attackContext, xs.slice(params.seeds, heldOutFrom));
    // The surrogate's weights stay out of the evidence: they are the stolen model.
    const { surrogate: _surrogate, ...details } = result;
    const measurements: Record<string, number> = { attackQueries: result.attackQueries, evaluationQueries: result.evaluationQueries, heldOut: result.heldOut };
    if (result.fidelity !== null) measurements.fidelity = result.fidelity;
    const partial = result.stopped ? ` (stopped early: ${result.stopped}${result.stoppedBy ? ` — ${result.stoppedBy}` : ''})` : '';
    const base = { measurements, details, pointers: [{ note: `target ${context.target.name}` }] };
    const figures = result.fidelity === null ? `no fidelity measured after ${result.attackQueries} queries` : `a surrogate trained on ${result.attackQueries} queries (${result.seeds} seeds${result.fromPool > 0 ? `, ${result.fromPool} chosen from a pool of ${params.pool}` : ''}, learning from ${result.learnedFrom}) agrees with the API on ${(result.fidelity * 100).toFixed(1)}% of ${result.heldOut} held-out inputs`;
    const failed = afterTargetFailure(result, figures);
    if (failed) return { ...base, ...failed };
    if (result.fidelity === null) {
      return { ...base, outcome: 'inconclusive' as const, severity: 'info' as const, summary: `No fidelity measured${result.heldOut === 0 ? ': give held-out inputs after the seeds' : ''}${partial}` };
    }
    if (result.fidelity >= params.fidelityThreshold) {
      return { ...base, outcome: 'fail' as const, severity: 'high' as const, techniques: ['AML.T0024.002', 'AML.T0005'] as TechniqueId[], summary: `Model extracted: ${figures}${partial}` };
    }
    return { ...base, outcome: 'pass' as const, severity: 'info' as const, summary: `Below the ${(params.fidelityThreshold * 100).toFixed(0)}% threshold: ${figures}${partial}` };
  },
});
