import { PointSet } from '../../../monitor/numeric/nearest.ts';
import { FlagRing } from '../../../monitor/numeric/vector.ts';
import { EventTrail } from '../../../monitor/event-trail.ts';
import { SortedWindow } from '../../../monitor/stats/sorted-window.ts';
import type { ClassFigures } from './prada.ts';
import { RankRing } from './rank-cusum.ts';
import type { NearDupState } from './near-dup.ts';
import type { ExtractionParams } from './params.ts';
import { NO_SPREAD } from './input-spread.ts';

/** What the extraction detector (`detector.ts`) keeps of one client: bounded, whatever the client sends. */
export interface ClientState extends NearDupState {
  /** PRADA's growing set: inputs far enough from the client's earlier ones of the same predicted class. */
  kept: PointSet;
  /** Per class: answers so far; count, mean and M2 of the minimum distances (Welford), for the growing-set threshold. */
  byClass: Map<string, ClassFigures>;
  /** The last `window` minimum distances, also kept sorted for the Shapiro–Wilk test. */
  distances: SortedWindow;
  /** 1 for an answer on the decision boundary, 0 otherwise; with how many 1s it holds. */
  boundary: FlagRing;
  boundaryCount: number;
  /** Page's CUSUM of the log-likelihood ratio of boundary answers: rises as soon as they start, whatever came before. */
  cusum: number;
  /** The client's last answers' top-two margins, ranked against the population's when tested. */
  margins: RankRing;
  /** The client's last inputs' distances from the warm-up's mean, negated (far ranks low), ranked when tested. */
  novelty: RankRing;
  /** Its last new inputs' distances off the warm-up's principal directions (`InputNovelty.residual`), ranked when tested. */
  residual: RankRing;
  /**
   * The client's boundary share over its last full window: its vote in the population's baseline; NaN before the
   * first (never a share: the window is at least 20 answers). Not `undefined`: the first fraction stored over it
   * changed the field's representation and threw away every compiled function that reads the state (`observe`).
   */
  share: number;
  sinceTest: number;
  /**
   * Consecutive W tests below δ so far, and the latest W (the client's vote in the population's δ) when `voted`: W
   * starts NaN, not `undefined`, for the reason `share` does.
   */
  wBelow: number;
  w: number;
  voted: boolean;
  /** The last few events, turned into evidence only when an alarm needs them. */
  recent: EventTrail;
  queries: number;
  flagged: boolean;
  /** The most answers of one label since the client was first seen (counts only grow). */
  topLabel: number;
  /** Page's CUSUM of inputs off the features' value domain (`value-domain.ts`). */
  offDomain: number;
  /** Whether the client, found searching, took its first answers back from the novelty reference. */
  withdrawn: boolean;
  /** Running sums of its new inputs' projections (`input-spread.ts`): how narrow the part of the input space it asks about is. */
  spread: Float64Array;
}

/** A client's state when first seen. */
export function newClientState(params: ExtractionParams): ClientState {
  return {
    kept: new PointSet(params.growingSet),
    byClass: new Map(),
    distances: new SortedWindow(params.window),
    boundary: new FlagRing(params.boundaryWindow),
    boundaryCount: 0,
    cusum: 0,
    margins: new RankRing(params.marginRankWindow),
    novelty: new RankRing(params.noveltyWindow),
    residual: new RankRing(params.noveltyWindow),
    nearDupLow: 0,
    nearDupHigh: 0,
    nearDupAt: 0,
    nearDupLength: 0,
    nearDupCount: 0,
    share: NaN,
    sinceTest: 0,
    wBelow: 0,
    w: NaN,
    voted: false,
    recent: new EventTrail(8),
    queries: 0,
    flagged: false,
    topLabel: 0,
    offDomain: 0,
    withdrawn: false,
    spread: NO_SPREAD,
  };
}
