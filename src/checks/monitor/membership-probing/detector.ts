import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { ClientTable } from '../../../monitor/client-table.ts';
import type { Detector } from '../../../monitor/detector.ts';
import { refOf, type EventRef } from '../../../monitor/event.ts';
import { PointSet } from '../../../monitor/numeric/nearest.ts';
import type { Projection } from '../../../monitor/numeric/projection.ts';
import { WarmupDistances } from '../../../monitor/numeric/typical-distance.ts';
import { FeatureScale, Ring } from '../../../monitor/numeric/vector.ts';

export const MembershipProbingParams = z.strictObject({
  anchors: z.number().int().min(4).max(2000).default(64).describe('recent queries per client that later ones are compared with'),
  copies: z.number().int().min(3).default(8).describe('noisy copies of one anchor that flag a client'),
  minRadius: z.number().min(0).default(0.1).describe('copies closer than this share of the typical distance are near-duplicates (evasion search), not noise'),
  maxRadius: z.number().min(0).default(0.45).describe('copies farther than this share of the typical distance are not copies'),
  spread: z.number().min(0).default(0.2).describe('largest coefficient of variation of the copies’ distances to their anchor (isotropic noise puts them on a shell)'),
  shell: z.number().min(0).default(1.6).describe('…and at most this multiple of the coefficient isotropic noise gives, 1/√(2·features): natural neighbours of one input are not on a shell'),
  warmup: z.number().int().min(10).default(200).describe('events (all clients) that set the typical distance between inputs'),
  maxClients: z.number().int().min(1).default(10_000).describe('clients tracked at once; the least recently seen is evicted'),
});
export type MembershipProbingParams = z.output<typeof MembershipProbingParams>;

const TECHNIQUES: TechniqueId[] = ['AML.T0024.000' as TechniqueId];

interface Anchor {
  /** Where the anchor query is in the log (its input is in the client's PointSet, slot for slot); time NaN when none. */
  source: string;
  line: number;
  time: number;
  /** Queries whose nearest earlier query this was: count, sum and sum of squares of their distances. */
  n: number;
  sum: number;
  sum2: number;
  copies: EventRef[];
}

interface ClientState {
  anchors: Ring<Anchor>;
  /** The anchors' inputs and projections, slot for slot with the ring. */
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
  const clients = new ClientTable<ClientState>(params.maxClients, () => ({ anchors: new Ring(params.anchors), points: new PointSet(params.anchors), flagged: false, clusters: 0 }));
  let query = new Float64Array(0);
  // The band copies lie in is a share of how far apart different clients' inputs are (typical-distance.ts), not of
  // the distance between consecutive inputs: a search sending most of the warm-up made that its own probes' (0.0002
  // where natural sensor readings are ~350 apart, held-out seed 1103), and no noisy copy was ever in the band.
  const warm = new WarmupDistances();
  let typical = 0;
  return {
    memory: () => ({ clients: clients.size, evicted: clients.evicted }),
    observe(event, raise) {
      const x = event.input;
      if (!x) return;
      if (!scale.ready) {
        scale.observe(x);
        warm.observe(event.client, x);
        if (!scale.ready) return;
        typical = warm.medians()?.pair ?? scale.typical;
      }
      if (x.length !== scale.dimension) return;
      const s = clients.get(event.client);
      const projection = scale.projection as Projection;
      if (query.length !== projection.k) query = new Float64Array(projection.k);
      const px = projection.project(x, query);
      const anchors = s.anchors.raw;
      // Only an anchor within `maxRadius` matters (a farther nearest one returns below): the search stops there.
      const reach = params.maxRadius * typical;
      const { index, best } = s.points.nearest(x, projection, px, undefined, reach * reach * (1 + 1e-9));
      const nearest = index < 0 ? undefined : anchors[index];
      // The anchor leaving the ring is reused (its arrays too) unless it is the nearest one, updated below.
      const out = s.anchors.outgoing();
      const anchor: Anchor = out && out !== nearest ? out : { source: '', line: 0, time: Number.NaN, n: 0, sum: 0, sum2: 0, copies: [] };
      s.points.set(s.anchors.nextSlot(), x, undefined, px);
      anchor.source = event.source;
      anchor.line = event.line;
      anchor.time = event.time ?? Number.NaN;
      anchor.n = 0;
      anchor.sum = 0;
      anchor.sum2 = 0;
      anchor.copies.length = 0;
      s.anchors.push(anchor);
      if (!nearest) return;
      const d = Math.sqrt(best);
      const r = d / typical;
      if (r < params.minRadius || r > params.maxRadius) return;
      nearest.n++;
      nearest.sum += d;
      nearest.sum2 += d * d;
      if (nearest.copies.length < 20) nearest.copies.push(refOf(event));
      if (nearest.n < params.copies) return;
      const mean = nearest.sum / nearest.n;
      const cv = Math.sqrt(Math.max(nearest.sum2 / nearest.n - mean * mean, 0)) / mean;
      // In 64 dimensions noise gives 0.09 (Rampart's probes 0.095–0.11); a client sending only one digit had 8 natural
      // neighbours of one input at 0.17 (third-party traffic, seed 202), under `spread` but far off a shell.
      if (cv > Math.min(params.spread, params.shell / Math.sqrt(2 * x.length))) return;
      if (nearest.n === params.copies) s.clusters++;
      const first = !s.flagged;
      s.flagged = true;
      raise({
        techniques: TECHNIQUES,
        severity: 'medium',
        summary: `${event.client} sent ${nearest.n} noisy copies of one input (line ${nearest.line}), all ${(mean / typical).toFixed(2)} of the typical distance from it (spread ${cv.toFixed(2)}): membership-inference probing`,
        evidence: first ? [{ source: nearest.source, line: nearest.line, ...(Number.isNaN(nearest.time) ? {} : { time: nearest.time }) }, ...nearest.copies] : [refOf(event)],
        measurements: { copies: nearest.n, radius: Math.round((mean / typical) * 1000) / 1000, spread: Math.round(cv * 1000) / 1000, clusters: s.clusters },
      });
    },
  };
}

