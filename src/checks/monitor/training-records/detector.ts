import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { ClientTable } from '../../../monitor/client-table.ts';
import type { Detector, DetectorContext, Raise } from '../../../monitor/detector.ts';
import { refOf, type EventRef, type InferenceEvent } from '../../../monitor/event.ts';
import { Ring } from '../../../monitor/numeric/vector.ts';
import { NearThreshold } from './near-records.ts';

export const TrainingRecordsParams = z.strictObject({
  minHits: z.number().int().min(1).default(5).describe('queries that are training records before a client can be flagged'),
  baseline: z.number().min(0).max(1).default(0.02).describe('share of queries a normal client is assumed to send that are training records, at least (the population’s share when higher)'),
  alpha: z.number().min(1e-300).max(0.5).default(1e-6).describe('how unlikely the client’s count of training records must be at the baseline share (Chernoff bound of the binomial tail)'),
  warmup: z.number().int().min(0).default(200).describe('events of other clients before their share of training records is the norm; until then a client is judged against the largest share their counts leave plausible at alpha (with no other client at all, no one is judged)'),
  nearShare: z.number().min(0).max(0.5).default(0.05).describe('with the training data itself (not a manifest): a query is near a training record when its distance to the nearest is below this quantile of all queries’ distances; 0 turns the test off'),
  maxClients: z.number().int().min(1).default(10_000).describe('clients tracked at once; the least recently seen is evicted'),
});
export type TrainingRecordsParams = z.output<typeof TrainingRecordsParams>;

const TECHNIQUES: TechniqueId[] = ['AML.T0024.000' as TechniqueId];
/** Classes with a threshold of their own at most (a regression's labels are not classes: the rest share the overall one). */
const MAX_LABELS = 100;
/** Judged queries of one client that count in the population's share of near ones: a client sending thousands is not the norm. */
const NORM_PER_CLIENT = 100;
/**
 * Distances of one client that go into the quantile of nearness (`NearThreshold`), before the threshold exists and
 * after: each client's first 20, as the monitor's other references take. Until the sixteenth session every distance
 * went in until the threshold existed: early in a log a few tools at machine speed gave most of the first 200 of a
 * class, its 5% quantile lay among their far queries, and natural clients judged against it were near a training
 * record on 45% of their queries (held-out 8×8 digits seed 2602: 2 of 40 flagged).
 */
const QUANTILE_PER_CLIENT = 20;
/** Distinct queries per client remembered to tell a re-send (a client re-sending a document is no new evidence). */
const RECENT = 64;

interface ClientState {
  queries: number;
  hits: number;
  /** Queries judged for nearness (once the threshold exists), and those near a training record. */
  judged: number;
  near: number;
  /** Of those, the ones taken into the population's norm (the first `NORM_PER_CLIENT`), and how many were near. */
  admitted: number;
  admittedNear: number;
  /** Its distances taken into the quantile of nearness (the first `QUANTILE_PER_CLIENT`). */
  quantiled: number;
  /** The distances of its last `RECENT` distinct near-enough queries: a re-sent input has the same distance, and is judged once. */
  recent: Float64Array | undefined;
  recentAt: number;
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
  const clients = new ClientTable<ClientState>(params.maxClients, () => ({ queries: 0, hits: 0, judged: 0, near: 0, admitted: 0, admittedNear: 0, quantiled: 0, recent: undefined, recentAt: 0, evidence: new Ring(12), flagged: false }));
  const neighbours = params.nearShare > 0 ? records?.neighbours : undefined;
  // Per answered class when the log has labels: some classes lie denser in the training data (a client asking
  // about one digit only would otherwise be nearer than the population's threshold more often than 5%).
  const overall = new NearThreshold(params.nearShare, params.warmup);
  const byLabel = new Map<string, NearThreshold>();
  let judged = 0;
  let nears = 0;
  const surprise = -Math.log(params.alpha);
  /**
   * A client's `count` of `total` queries (training records, or near ones), against the other clients' share (at least
   * `floor`): its share and the expected one when the client has enough of them, the others enough queries, and the
   * share is improbable at the expected one (binomial tail < `alpha`); else undefined.
   */
  const improbable = (count: number, total: number, othersCount: number, othersTotal: number, floor: number): { share: number; expected: number } | undefined => {
    if (count < params.minHits) return undefined;
    // Until the others have sent `warmup` queries their share is not known: the client is judged against the largest
    // share their counts leave plausible (at `alpha`). A membership inference that ran first in the log sent its 400
    // queries before the others' 200th, and was never judged (held-out digits seed 1305: 127 others' queries, no record).
    const others = othersTotal < params.warmup ? upperShare(othersCount, othersTotal, surprise) : othersCount / othersTotal;
    const expected = Math.max(floor, others);
    const share = count / total;
    return share <= expected || total * divergence(share, expected) < surprise ? undefined : { share, expected };
  };
  let queries = 0;
  let hits = 0;
  /**
   * A query that is no training record may still lie nearer one than fresh data does: a record sent with noise
   * past its cells. Judged as the exact matches are, against other clients' share of near queries (≥ nearShare).
   */
  /** The search's reach for this query: the larger of its class's and the overall threshold's (either may judge it, and both take it in). */
  const nearestReach = (label: string | undefined): number => Math.max(overall.reach, (label === undefined ? undefined : byLabel.get(label))?.reach ?? Infinity);
  const nearRecord = (event: InferenceEvent, s: ClientState, distance: number, raise: (r: Raise) => void): void => {
    // Past the search's reach a distance is Infinity for every query alike: only measured ones tell a re-send.
    if (Number.isFinite(distance)) {
      s.recent ??= new Float64Array(RECENT).fill(Number.NaN);
      if (s.recent.includes(distance)) return;
      s.recent[s.recentAt] = distance;
      s.recentAt = (s.recentAt + 1) % RECENT;
    }
    let own = event.label === undefined ? undefined : byLabel.get(event.label);
    if (!own && event.label !== undefined && byLabel.size < MAX_LABELS) byLabel.set(event.label, (own = new NearThreshold(params.nearShare, params.warmup)));
    const nearness = own?.threshold !== undefined ? own : overall;
    const threshold = nearness.threshold;
    const admit = s.admitted < NORM_PER_CLIENT;
    const quantile = s.quantiled < QUANTILE_PER_CLIENT;
    if (quantile) s.quantiled++;
    const near = nearness.observe(distance, quantile);
    if (nearness !== overall) overall.observe(distance, quantile);
    else own?.observe(distance, quantile);
    if (threshold === undefined) return;
    s.judged++;
    if (admit) {
      s.admitted++;
      judged++;
    }
    if (!near) return;
    s.near++;
    if (admit) {
      s.admittedNear++;
      nears++;
    }
    s.evidence.push(refOf(event, `${distance.toFixed(3)} from a training record`));
    const odds = improbable(s.near, s.judged, nears - s.admittedNear, judged - s.admitted, params.nearShare);
    if (!odds) return;
    const { share, expected } = odds;
    raise(
      alarm(
        s,
        event,
        `${event.client} sent ${s.near} of ${s.judged} queries nearer a training record than all but ${pct(params.nearShare)} of queries${event.label !== undefined ? ' answered the same' : ''} are (${pct(share)}; other clients ${pct(expected)} at most): membership inference with training records sent noised`,
        { nearRecords: s.near, judged: s.judged, share: Math.round(share * 1000) / 1000, expected: Math.round(expected * 1000) / 1000, threshold: Math.round(threshold * 1000) / 1000 },
      ),
    );
  };
  return {
    memory: () => ({ clients: clients.size, evicted: clients.evicted }),
    observe(event, raise) {
      const x = event.input;
      if (!records || !x || x.length !== records.dimension) return;
      const s = clients.get(event.client);
      const hit = records.has(x);
      s.queries++;
      queries++;
      if (!hit) {
        if (neighbours) nearRecord(event, s, neighbours.distance(x, nearestReach(event.label)), raise);
        return;
      }
      s.hits++;
      hits++;
      s.evidence.push(refOf(event, 'a training record'));
      const odds = improbable(s.hits, s.queries, hits - s.hits, queries - s.queries, params.baseline);
      if (!odds) return;
      const { share, expected } = odds;
      raise(
        alarm(s, event, `${event.client} sent ${s.hits} training records in ${s.queries} queries (${pct(share)}; other clients ${pct(expected)} at most): membership inference on the training data`, {
          trainingRecords: s.hits,
          queries: s.queries,
          share: Math.round(share * 1000) / 1000,
          expected: Math.round(expected * 1000) / 1000,
        }),
      );
    },
  };
}

/**
 * The largest share p that `count` of `total` leaves plausible: total·KL(count/total ‖ p) ≤ surprise (the Chernoff
 * bound the test itself uses, turned round); 1 when nothing is known. With none of 127 queries a record, 10%.
 */
export function upperShare(count: number, total: number, surprise: number): number {
  if (total <= 0) return 1;
  let lo = count / total;
  let hi = 1;
  if (total * divergence(lo, hi - 1e-12) <= surprise) return 1;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (total * divergence(count / total, mid) <= surprise) lo = mid;
    else hi = mid;
  }
  return lo;
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

/** The alarm for a client: its kept evidence the first time it is flagged, the event alone after. */
function alarm(s: ClientState, event: InferenceEvent, summary: string, measurements: Record<string, number>): Raise {
  const first = !s.flagged;
  s.flagged = true;
  return { techniques: TECHNIQUES, severity: 'high', summary, evidence: first ? s.evidence.toArray() : [refOf(event)], measurements };
}
