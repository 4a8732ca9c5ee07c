import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { ClientTable } from '../../../monitor/client-table.ts';
import type { Detector, DetectorContext } from '../../../monitor/detector.ts';
import { refOf, type EventRef } from '../../../monitor/event.ts';
import { Ring } from '../../../monitor/numeric/vector.ts';

export const TrainingRecordsParams = z.strictObject({
  minHits: z.number().int().min(1).default(5).describe('queries that are training records before a client can be flagged'),
  baseline: z.number().min(0).max(1).default(0.02).describe('share of queries a normal client is assumed to send that are training records, at least (the population’s share when higher)'),
  alpha: z.number().min(1e-300).max(0.5).default(1e-6).describe('how unlikely the client’s count of training records must be at the baseline share (Chernoff bound of the binomial tail)'),
  warmup: z.number().int().min(0).default(200).describe('events of other clients before a client is judged (their share of training records is the norm)'),
  maxClients: z.number().int().min(1).default(10_000).describe('clients tracked at once; the least recently seen is evicted'),
});
export type TrainingRecordsParams = z.output<typeof TrainingRecordsParams>;

const TECHNIQUES: TechniqueId[] = ['AML.T0024.000' as TechniqueId];

interface ClientState {
  queries: number;
  hits: number;
  evidence: Ring<EventRef>;
  flagged: boolean;
}

/**
 * Membership inference with the records themselves (ART's MembershipInferenceBlackBox and LabelOnlyGapAttack,
 * shadow-model attacks): the attacker sends the candidate records, half or more of them training records, each
 * once. Given the training set's fingerprints (`--training-data`), each query is looked up; a client is flagged
 * when its queries are training records far more often than the population's are (at least `baseline`): a
 * binomial tail below `alpha`, after `minHits` hits. Without fingerprints it sees nothing.
 */
export function trainingRecordsDetector(params: TrainingRecordsParams, context: DetectorContext = {}): Detector {
  const records = context.trainingRecords;
  const clients = new ClientTable<ClientState>(params.maxClients, () => ({ queries: 0, hits: 0, evidence: new Ring(12), flagged: false }));
  const surprise = -Math.log(params.alpha);
  let queries = 0;
  let hits = 0;
  return {
    memory: () => ({ clients: clients.size, evicted: clients.evicted }),
    observe(event, raise) {
      const x = event.input;
      if (!records || !x || x.length !== records.dimension) return;
      const s = clients.get(event.client);
      const hit = records.has(x);
      s.queries++;
      queries++;
      if (!hit) return;
      s.hits++;
      hits++;
      s.evidence.push(refOf(event, 'a training record'));
      const others = queries - s.queries;
      if (s.hits < params.minHits || others < params.warmup) return;
      const expected = Math.max(params.baseline, (hits - s.hits) / others);
      const share = s.hits / s.queries;
      if (share <= expected || s.queries * divergence(share, expected) < surprise) return;
      const first = !s.flagged;
      s.flagged = true;
      raise({
        techniques: TECHNIQUES,
        severity: 'high',
        summary: `${event.client} sent ${s.hits} training records in ${s.queries} queries (${pct(share)}; other clients ${pct(expected)} at most): membership inference on the training data`,
        evidence: first ? s.evidence.toArray() : [refOf(event)],
        measurements: { trainingRecords: s.hits, queries: s.queries, share: Math.round(share * 1000) / 1000, expected: Math.round(expected * 1000) / 1000 },
      });
    },
  };
}

/** Kullback–Leibler divergence of Bernoulli(q) from Bernoulli(p): −ln P(share ≥ q | p) per query, at most (Chernoff). */
function divergence(q: number, p: number): number {
  const a = q > 0 ? q * Math.log(q / p) : 0;
  const b = q < 1 ? (1 - q) * Math.log((1 - q) / (1 - p)) : 0;
  return a + b;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
}
