import { frequencyFactorOf, levelOf, MATURITY_FACTOR, STAGE_FACTOR, stageOf } from '../assess/risk.ts';
import type { Coverage, RiskLevel } from '../assess/finding.ts';
import type { Maturity } from '../atlas/schema.ts';
import type { MatrixSnapshot } from './review.ts';

/**
 * Why a finding changed between two reviews: the organisation (inventory, claims, evidence) or the ruler
 * (the ATLAS release reviewed against). An ATLAS upgrade can raise a risk because a maturity became known,
 * a technique moved to a more harmful tactic or gained case studies — none of which is a change of posture.
 */
export type ChangeCause = 'organisation' | 'atlas';

export interface Attribution {
  cause: ChangeCause;
  /** One line: what made the change, e.g. "ATLAS 5.6.0: maturity demonstrated → realized". */
  because: string;
}

type TechniqueSnapshot = MatrixSnapshot['techniques'][number];

/** Reviews before assumed maturity existed scored a technique without one at this constant. */
const LEGACY_UNKNOWN_MATURITY_FACTOR = 0.7;
/** Scores are rounded to 0.1 and their factors to 0.01, so a re-weighted score is only this exact. */
const ROUNDING_TOLERANCE = 0.25;

/** ATLAS's Impact tactic: its techniques are consequences, ranked along the paths that reach them. */
const IMPACT_TACTIC = 'AML.TA0011';

export interface CauseJudge {
  /** Whether the two reviews used different ATLAS releases at all. */
  atlasChanged: boolean;
  /** What the ATLAS change did to one technique, as short phrases (empty when nothing that scores). */
  techniqueChanges(techniqueId: string): string[];
  newFinding(techniqueId: string): Attribution;
  goneFinding(techniqueId: string): Attribution;
  /** Whether a technique is a consequence (its only tactic is Impact): scored along attack paths, not alone. */
  isConsequence(techniqueId: string): boolean;
  /** A finding in both reviews whose coverage or risk level moved. */
  changedFinding(change: { techniqueId: string; before: Outcome; after: Outcome; reasons: string[] }): Attribution;
}

export interface Outcome {
  coverage: Coverage;
  score: number;
  level: RiskLevel;
}

export function causeJudge(older: { atlasVersion: string; matrix: MatrixSnapshot }, newer: { atlasVersion: string; matrix: MatrixSnapshot }, rank: { coverage(c: Coverage): number; level(l: RiskLevel): number }): CauseJudge {
  const atlasChanged = older.atlasVersion !== newer.atlasVersion;
  const before = new Map(older.matrix.techniques.map((t) => [t.id, t]));
  const after = new Map(newer.matrix.techniques.map((t) => [t.id, t]));
  const release = `ATLAS ${older.atlasVersion} → ${newer.atlasVersion}`;
  const organisation = (because: string): Attribution => ({ cause: 'organisation', because });
  const atlas = (because: string): Attribution => ({ cause: 'atlas', because: `${release}: ${because}` });

  const techniqueChanges = (id: string): string[] => {
    const was = before.get(id);
    const now = after.get(id);
    if (!atlasChanged || !was || !now) return [];
    const changes: string[] = [];
    if (maturityUsed(was) !== maturityUsed(now)) changes.push(`maturity ${maturityLabel(was)} → ${maturityLabel(now)}`);
    if (!sameSet(was.tactics, now.tactics)) changes.push(`tactics ${was.tactics.join(', ') || '—'} → ${now.tactics.join(', ') || '—'}`);
    if (was.caseStudies !== undefined && now.caseStudies !== undefined && was.caseStudies !== now.caseStudies) changes.push(`case studies ${was.caseStudies} → ${now.caseStudies}`);
    return changes;
  };

  return {
    atlasChanged,
    techniqueChanges,
    isConsequence(id) {
      const tactics = after.get(id)?.tactics ?? before.get(id)?.tactics ?? [];
      return tactics.length > 0 && tactics.every((t) => t === IMPACT_TACTIC);
    },
    newFinding(id) {
      if (atlasChanged && !before.has(id)) return atlas(`${id} is new in ATLAS ${newer.atlasVersion}`);
      return organisation('applies now: an asset, attribute or exclusion changed');
    },
    goneFinding(id) {
      if (atlasChanged && !after.has(id)) return atlas(`${id} is not in ATLAS ${newer.atlasVersion}`);
      return organisation('no longer applies: an asset, attribute or exclusion changed');
    },
    changedFinding(change) {
      const why = change.reasons.join('; ');
      const changes = techniqueChanges(change.techniqueId);
      if (changes.length === 0) return organisation(why);
      const coverageMove = rank.coverage(change.after.coverage) - rank.coverage(change.before.coverage);
      // The newer score re-weighted with the older release's data factors: what the organisation alone did.
      const was = before.get(change.techniqueId) as TechniqueSnapshot;
      const now = after.get(change.techniqueId) as TechniqueSnapshot;
      const frequency = was.caseStudies !== undefined && now.caseStudies !== undefined;
      const alone = change.after.score * (dataWeight(was, change.after.coverage, frequency) / dataWeight(now, change.after.coverage, frequency));
      const drift = Math.abs(alone - change.before.score) <= ROUNDING_TOLERANCE ? 0 : rank.level(levelOf(alone)) - rank.level(change.before.level);
      const levelMove = rank.level(change.after.level) - rank.level(change.before.level);
      const worse = levelMove > 0 || coverageMove < 0;
      const organisational = worse ? coverageMove < 0 || drift > 0 : coverageMove > 0 || drift < 0;
      return organisational ? organisation(`${why} (ATLAS also changed: ${changes.join('; ')})`) : atlas(`${changes.join('; ')} — ${why}`);
    },
  };
}

/** The part of a score the ATLAS release decides: maturity and case-study frequency (likelihood), stage (impact). */
function dataWeight(t: TechniqueSnapshot, coverage: Coverage, withFrequency: boolean): number {
  const stage = STAGE_FACTOR[stageOf(t.tactics)];
  // An exploited technique's likelihood is 5 whatever ATLAS says of it.
  if (coverage === 'exploited') return stage;
  const maturity = maturityUsed(t);
  const maturityFactor = maturity === undefined ? LEGACY_UNKNOWN_MATURITY_FACTOR : MATURITY_FACTOR[maturity];
  // Reviews stored before case studies were snapshotted cannot tell; both sides then leave frequency out.
  const frequency = withFrequency ? frequencyFactorOf(t.caseStudies ?? 0) : 1;
  return maturityFactor * frequency * stage;
}

function maturityUsed(t: TechniqueSnapshot): Maturity | undefined {
  const m = t.maturity ?? t.assumedMaturity;
  return m !== undefined && m in MATURITY_FACTOR ? (m as Maturity) : undefined;
}

function maturityLabel(t: TechniqueSnapshot): string {
  if (t.maturity) return t.maturity;
  return t.assumedMaturity ? `${t.assumedMaturity} (assumed)` : 'not stated';
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
