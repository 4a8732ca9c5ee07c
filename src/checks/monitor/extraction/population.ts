import { kthSmallest } from '../../../monitor/stats/select.ts';
import { type NearDupState, searching } from './near-dup.ts';

/** What a client's state says of its vote in the population's figures (extraction's client state). */
export interface Voter extends NearDupState {
  flagged: boolean;
  /** Its boundary share over its last full window; NaN before the first. */
  share: number;
  /** Its latest W, when `voted`. */
  w: number;
  voted: boolean;
}

/** Clients' latest W, of those that vote as in `medianShare` (not flagged, not searching). */
export function latestWs(states: Iterable<Voter>, abstainAbove: number): number[] {
  const ws: number[] = [];
  for (const s of states) if (s.voted && !s.flagged && !searching(s, abstainAbove)) ws.push(s.w);
  return ws;
}

/** The median boundary share of the `count` clients in `states` that vote (not flagged, not searching, a full window). */
export function medianShare(states: Iterable<Voter>, count: number, fallback: number, abstainAbove: number): number {
  // In a typed array, each client's share written and kept or overwritten, with no branch: a number array's first
  // fraction, pushed at the bench's ~20,000th event, changed its literal's elements kind and threw away the compiled
  // observe inlining this; so did a push first made then.
  const shares = new Float64Array(count);
  let n = 0;
  // A flagged client's answers say what an attack gets, not what the population does (flooding keeps its baseline
  // the same way), nor do a searcher's near-duplicates: with the evasion searches of the third-party traffic voting,
  // the median rose from 6% to 9% and a Copycat extraction at 25% stayed under z 6 until query 351 of 500.
  for (const s of states) {
    const votes = !s.flagged && !searching(s, abstainAbove) && !Number.isNaN(s.share);
    shares[n] = s.share;
    n += votes ? 1 : 0;
  }
  if (n < 5) return fallback;
  // Selected, not sorted: the same value (shares are 0 or above, never −0 or NaN) in linear time.
  return kthSmallest(shares.subarray(0, n), Math.floor(n / 2));
}

/**
 * Answers of one client that count toward the warm-up's boundary share (the population's until clients' own windows
 * say it): on held-out colour seed 2513 a natural client sent 77 of the log's first 200 answers and a ZOO search 18
 * about one image; the share came to 11% where natural clients' was 25–40%, and the boundary test flagged 20 of the 40
 * benign clients. Each client's first 20 answers: 0 of 40.
 */
export const WARM_ANSWERS = 20;
