import type { Finding, RiskLevel } from '../assess/finding.ts';

/** An accepted risk on one finding, as the waiver store hands it to the renderers. */
export interface FormatWaiver {
  /** The finding it waives: `assetId/techniqueId`, the same as `Finding.id`. */
  findingId: string;
  justification: string;
  approver: string;
  /** `YYYY-MM-DD`. */
  expires: string;
  /** Decided by the waiver store against the review date, so every format agrees on it. */
  expired: boolean;
}

/** A finding's state against the previous review; the values are SARIF's `baselineState`. */
export type BaselineState = 'new' | 'unchanged' | 'updated' | 'absent';

/**
 * What the interchange formats need that a stored review does not hold: waivers come from the waiver
 * store and the baseline from the diff with the previous review, both filled in by the caller.
 */
export interface FormatContext {
  waivers: readonly FormatWaiver[];
  /** findingId → state; absent when there is no previous review to compare with. */
  baseline?: BaselineLookup;
}

/** A finding's baseline state by id: a Map serves, or a lookup that keeps only the changed ids (cli/report.ts). */
export interface BaselineLookup {
  get(findingId: string): BaselineState | undefined;
}

export const EMPTY_CONTEXT: FormatContext = { waivers: [] };

/** The waiver in force for a finding; an expired waiver no longer counts (it is reported, not applied). */
export function activeWaiver(context: FormatContext, findingId: string): FormatWaiver | undefined {
  return context.waivers.find((w) => w.findingId === findingId && !w.expired);
}

export function expiredWaiver(context: FormatContext, findingId: string): FormatWaiver | undefined {
  return context.waivers.find((w) => w.findingId === findingId && w.expired);
}

const LEVEL_RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function atLeast(level: RiskLevel, threshold: RiskLevel): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK[threshold];
}

/** A claimed-but-unproven control fails the test formats from this risk level up. */
export const CLAIMED_FAILS_FROM: RiskLevel = 'medium';

/**
 * Pass/fail/skip for the formats that only know those three (JUnit, HDF, OCSF compliance status).
 * Exploited and blind spots always fail; an unproven claim fails once its risk reaches
 * CLAIMED_FAILS_FROM; prevention or detection in place passes; a waiver in force skips.
 */
export type Verdict = 'passed' | 'failed' | 'skipped';

export function verdictOf(finding: Finding, context: FormatContext): Verdict {
  if (activeWaiver(context, finding.id)) return 'skipped';
  if (finding.coverage === 'exploited' || finding.coverage === 'blind-spot') return 'failed';
  if (finding.coverage === 'claimed') return atLeast(finding.risk.level, CLAIMED_FAILS_FROM) ? 'failed' : 'passed';
  return 'passed';
}
