import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { ClientTable, stateBudget } from '../../../monitor/client-table.ts';
import type { Detector, Raise } from '../../../monitor/detector.ts';
import { refOf, type InferenceEvent } from '../../../monitor/event.ts';
import { PointSet } from '../../../monitor/numeric/nearest.ts';
import type { Projection } from '../../../monitor/numeric/projection.ts';
import { WarmupDistances } from '../../../monitor/numeric/typical-distance.ts';
import { FeatureScale } from '../../../monitor/numeric/vector.ts';
import { Anchors } from './anchors.ts';

export const MembershipProbingParams = z.strictObject({
  anchors: z.number().int().min(4).max(2000).default(64).describe('recent queries per client that later ones are compared with'),
  copies: z.number().int().min(3).default(8).describe('noisy copies of one anchor that flag a client'),
  minRadius: z.number().min(0).default(0.1).describe('copies closer than this share of the typical distance are near-duplicates (evasion search), not noise'),
  maxRadius: z.number().min(0).default(0.45).describe('copies farther than this share of the typical distance are not copies'),
  spread: z.number().min(0).default(0.2).describe('largest coefficient of variation of the copies’ distances to their anchor (isotropic noise puts them on a shell)'),
  shell: z.number().min(0).default(1.6).describe('…and at most this multiple of the coefficient isotropic noise gives, 1/√(2·features): natural neighbours of one input are not on a shell'),
  warmup: z.number().int().min(10).default(200).describe('events (all clients) that set the typical distance between inputs'),
  maxClients: z.number().int().min(1).default(10_000).describe('clients tracked at once; the least recently seen is evicted'),
  maxStateMb: z.number().min(1).default(384).describe('megabytes of client state kept at most (typed arrays: kept inputs, indexes); beyond it the least recently seen clients are evicted, checked every 1,024 events (784-pixel inputs take ~0.4 MB a client here)'),
});
export type MembershipProbingParams = z.output<typeof MembershipProbingParams>;

const TECHNIQUES: TechniqueId[] = ['AML.T0024.000' as TechniqueId];

interface ClientState {
  anchors: Anchors;
  /** The anchors' inputs and projections, slot for slot. */
  points: PointSet;
  flagged: boolean;
  clusters: number;
}

/**
 * Membership-inference probing (label-only attacks after Choquette-Choo et al. 2021, and Gaussian-noise
 * robustness probes): many copies of one input with random noise. Each query is attributed to its nearest
 * recent query (its anchor); a client is flagged when one anchor gathers `copies` queries whose distances to
 * it are similar (a shell, as isotropic noise gives) and in a band: farther than evasion search's tiny
 * steps, much closer than two natural inputs.
 */
export function membershipProbingDetector(params: MembershipProbingParams): Detector {
  const scale = new FeatureScale(params.warmup);
  const budget = stateBudget(params.maxStateMb, (s: ClientState) => s.points.bytes());
  const clients = new ClientTable<ClientState>(
    params.maxClients,
    () => ({ anchors: new Anchors(params.anchors), points: new PointSet(params.anchors), flagged: false, clusters: 0 }),
    budget,
  );
  let query = new Float64Array(0);
  // The band copies lie in is a share of how far apart different clients' inputs are (typical-distance.ts), not of
  // the distance between consecutive inputs: a search sending most of the warm-up made that its own probes' (0.0002
  // where natural sensor readings are ~350 apart, held-out seed 1103), and no noisy copy was ever in the band.
  const warm = new WarmupDistances();
  let typical = 0;
  /** An input of the warm-up; true once the warm-up has ended with it. */
  const warmUp = (client: string, x: Float64Array): boolean => {
    scale.observe(x);
    warm.observe(client, x);
    if (!scale.ready) return false;
    typical = warm.medians()?.pair ?? scale.typical;
    return true;
  };
  return {
    memory: () => ({ clients: clients.size, evicted: clients.evicted }),
    warmup: params.warmup,
    learn(sample) {
      for (const e of sample) if (e.input && !scale.ready) warmUp(e.client, e.input);
    },
    observe(event, raise) {
      const x = event.input;
      if (!x) return;
      if (!scale.ready && !warmUp(event.client, x)) return;
      if (x.length !== scale.dimension) return;
      const s = clients.get(event.client);
      const projection = scale.projection as Projection;
      if (query.length !== projection.k) query = new Float64Array(projection.k);
      const px = projection.projectInput(x, query);
      // Only an anchor within `maxRadius` matters (a farther nearest one is no copy's anchor): the search stops there.
      const reach = params.maxRadius * typical;
      const { index, best } = s.points.nearest(x, projection, px, undefined, reach * reach * (1 + 1e-9));
      // The nearest anchor is updated before the query takes the next slot: that may be the nearest one's, leaving.
      if (index >= 0) attribute(s, index, Math.sqrt(best), event, x.length, raise);
      s.points.set(s.anchors.nextSlot(), x, undefined, px);
      s.anchors.push(event);
    },
  };

  /** Counts the query as a copy of the anchor in `slot` at distance d if within the band, and flags a shell of them. */
  function attribute(s: ClientState, slot: number, d: number, event: InferenceEvent, features: number, raise: (r: Raise) => void): void {
    const r = d / typical;
    // Written so that NaN (distances overflowing to Infinity on inputs near 1e300) is outside the band too.
    if (!(r >= params.minRadius && r <= params.maxRadius)) return;
    const n = s.anchors.attribute(slot, d, event);
    if (n < params.copies) return;
    const { mean, cv } = s.anchors.spread(slot);
    // In 64 dimensions noise gives 0.09 (Rampart's probes 0.095–0.11); a client sending only one digit had 8 natural
    // neighbours of one input at 0.17 (third-party traffic, seed 202), under `spread` but far off a shell.
    if (cv > Math.min(params.spread, params.shell / Math.sqrt(2 * features))) return;
    if (n === params.copies) s.clusters++;
    const first = !s.flagged;
    s.flagged = true;
    raise({
      techniques: TECHNIQUES,
      severity: 'medium',
      summary: `${event.client} sent ${n} noisy copies of one input (line ${s.anchors.line(slot)}), all ${(mean / typical).toFixed(2)} of the typical distance from it (spread ${cv.toFixed(2)}): membership-inference probing`,
      evidence: first ? s.anchors.evidence(slot) : [refOf(event)],
      measurements: { copies: n, radius: Math.round((mean / typical) * 1000) / 1000, spread: Math.round(cv * 1000) / 1000, clusters: s.clusters },
    });
  }
}

