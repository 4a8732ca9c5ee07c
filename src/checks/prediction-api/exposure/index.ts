import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { ExposureParams, runExposure } from '../../../attacks/exposure.ts';
import { InputSet, vectors } from '../../../attacks/inputs.ts';
import { afterTargetFailure } from '../target-failure.ts';
import { defineCheck, type PredictionApiTarget } from '../../contract.ts';

const Params = ExposureParams.extend({
  /** A few valid inputs to send; the burst reuses them. */
  data: InputSet,
  /** Scores rounded to this many decimals or fewer count as obfuscated (AML.M0002). */
  maxDecimals: z.number().int().min(0).max(6).default(2),
});

const Evidence = z.object({ output: z.string(), rateLimited: z.boolean(), burst: z.object({ sent: z.number(), refused: z.number() }).passthrough(), mitigations: z.record(z.string(), z.enum(['effective', 'absent'])) }).passthrough();

export const exposureCheck = defineCheck<PredictionApiTarget, typeof Params, typeof Evidence>({
  id: 'prediction-api/exposure',
  title: 'Exposure of a prediction API',
  summary: 'Does a bounded burst of queries meet a rate limit (AML.M0004), and are scores returned at full precision, rounded, top-k or labels only (AML.M0002)?',
  techniques: ['AML.T0040'],
  targetKind: 'prediction-api',
  impact: { sendsTraffic: true, intrusive: true, cost: 'low' },
  params: Params,
  evidence: Evidence,
  examples: [{ title: 'Burst of 60 calls', params: { data: { inputs: [[0, 1]] }, burst: 60 } }],
  opensTarget: 'probe',
  async run(context, params) {
    const result = await runExposure(context.target, vectors(params.data), params, {
      signal: context.signal,
      progress: (done, total) => context.progress.update(done, total, 'queries'),
    });
    const obfuscated = result.output !== 'unknown' && (result.output === 'labels-only' || result.output === 'top-k' || (result.output === 'rounded-scores' && (result.decimals ?? 99) <= params.maxDecimals));
    const mitigations = { 'AML.M0002': obfuscated ? 'effective' : 'absent', 'AML.M0004': result.rateLimited ? 'effective' : 'absent' } as const;
    const outputText = result.output === 'rounded-scores' ? `scores rounded to ${result.decimals} decimals` : result.output === 'top-k' ? `top-${result.topK} scores` : result.output === 'labels-only' ? 'labels only' : result.output === 'unknown' ? 'answers it could not read' : 'scores at full precision';
    const b = result.burst;
    const burstText = result.rateLimited
      ? `a burst of ${b.sent} calls met a rate limit at call ${b.firstRefusedAt} (${b.refused} refused)`
      : `a burst of ${b.sent} calls in ${b.seconds.toFixed(1)} s met no rate limit`;
    const measurements = { burstSent: b.sent, burstRefused: b.refused, callsPerSecond: b.seconds > 0 ? b.sent / b.seconds : b.sent, queries: result.queries, unreadScoreFields: result.unread.length };
    const details = { ...result, mitigations };
    const unreadText = result.unread.length > 0 ? ` (the target file reads ${result.fileReads === 'labels-only' ? 'labels only' : 'less'}: it does not read ${result.unread.join(', ')})` : '';
    const summary = `The API returns ${outputText}${result.precision === 'float32' && result.output === 'rounded-scores' ? ' (float32 values)' : ''}${unreadText}; ${burstText}${b.otherErrors > 0 ? `; ${b.otherErrors} calls failed otherwise` : ''}`;
    const gaps = [!obfuscated && 'outputs are not obfuscated', !result.rateLimited && 'queries are not rate-limited'].filter(Boolean);
    const base = { measurements, details, summary, pointers: [{ note: `target ${context.target.name}` }], techniques: ['AML.T0040'] as TechniqueId[] };
    const failed = afterTargetFailure(result, result.output === 'unknown' ? 'no answer read' : `the API returns ${outputText}; ${b.answered} of ${b.sent} burst calls answered, ${b.refused} refused`);
    if (failed) return { ...base, ...failed };
    if (gaps.length === 0) return { ...base, outcome: 'pass' as const, severity: 'info' as const };
    return { ...base, outcome: 'fail' as const, severity: gaps.length === 2 ? ('medium' as const) : ('low' as const), summary: `${summary} — ${gaps.join(' and ')}` };
  },
});
