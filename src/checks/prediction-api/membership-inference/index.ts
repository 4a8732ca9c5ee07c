import { z } from 'zod';
import { InputSet, vectors } from '../../../attacks/inputs.ts';
import { MembershipParams, runMembership } from '../../../attacks/membership.ts';
import { afterTargetFailure } from '../target-failure.ts';
import { defineCheck, type PredictionApiTarget } from '../../contract.ts';

const Params = MembershipParams.extend({
  /** Samples with their true labels and whether each was in the training set. */
  data: InputSet.refine((d) => d.labels !== undefined && d.members !== undefined, 'membership inference needs "labels" and "members" for every input'),
  /** AUC at or above this marks AML.T0024.000 exploited. */
  aucThreshold: z.number().min(0.5).max(1).default(0.6),
});

const Figures = z.object({ auc: z.number(), tprAt1PctFpr: z.number(), balancedAccuracy: z.number() }).passthrough();
const Evidence = z.object({ members: z.number(), nonMembers: z.number(), scoreBased: Figures.optional(), labelOnly: Figures.optional(), queries: z.number() }).passthrough();

export const membershipInferenceCheck = defineCheck<PredictionApiTarget, typeof Params, typeof Evidence>({
  id: 'prediction-api/membership-inference',
  title: 'Membership inference through a prediction API',
  summary: 'Measures how well the API’s answers (scores, or labels under noise) separate known training members from non-members: AUC and TPR at 1% FPR.',
  techniques: ['AML.T0024.000'],
  targetKind: 'prediction-api',
  impact: { sendsTraffic: true, intrusive: false, cost: 'medium' },
  params: Params,
  evidence: Evidence,
  examples: [{ title: 'Score-based where available', params: { data: { inputs: [[0, 1], [1, 0]], labels: [1, 0], members: [true, false] } } }],
  async run(context, params) {
    const { data } = params;
    const result = await runMembership(context.target, vectors(data), data.labels ?? [], data.members ?? [], params, {
      signal: context.signal,
      progress: (done, total) => context.progress.update(done, total, 'samples'),
    });
    const measurements: Record<string, number> = { queries: result.queries, members: result.members, nonMembers: result.nonMembers };
    for (const [name, f] of [['score', result.scoreBased], ['labelOnly', result.labelOnly]] as const) {
      if (!f) continue;
      measurements[`${name}Auc`] = f.auc;
      measurements[`${name}TprAt1PctFpr`] = f.tprAt1PctFpr;
    }
    const best = Math.max(result.scoreBased?.auc ?? 0, result.labelOnly?.auc ?? 0);
    const base = { measurements, details: result, pointers: [{ note: `target ${context.target.name}` }] };
    const parts = [
      result.scoreBased && `score-based AUC ${result.scoreBased.auc.toFixed(3)}, TPR ${(result.scoreBased.tprAt1PctFpr * 100).toFixed(1)}% at 1% FPR`,
      result.labelOnly && `label-only AUC ${result.labelOnly.auc.toFixed(3)}, TPR ${(result.labelOnly.tprAt1PctFpr * 100).toFixed(1)}% at 1% FPR`,
    ].filter(Boolean);
    const figures = parts.length === 0 ? `no separation measured after ${result.queries} queries` : `${parts.join('; ')} over ${result.members} members and ${result.nonMembers} non-members${result.labelOnlySamples !== undefined ? ` (label-only: the first ${result.labelOnlySamples} samples)` : ''}`;
    const failed = afterTargetFailure(result, figures);
    if (failed) return { ...base, ...failed };
    if (parts.length === 0) {
      return { ...base, outcome: 'inconclusive' as const, severity: 'info' as const, summary: `No separation measured (stopped: ${result.stopped ?? 'unknown'}${result.stoppedBy ? ` — ${result.stoppedBy}` : ''})` };
    }
    if (best >= params.aucThreshold) {
      return { ...base, outcome: 'fail' as const, severity: best >= 0.75 ? ('high' as const) : ('medium' as const), summary: `Training membership leaks: ${figures}` };
    }
    return { ...base, outcome: 'pass' as const, severity: 'info' as const, summary: `Membership barely separable (threshold AUC ${params.aucThreshold}): ${figures}` };
  },
});
