import type { TechniqueId } from '../atlas/ids.ts';
import { parentTechnique } from '../atlas/ids.ts';
import type { Evidence } from '../checks/contract.ts';
import { effectOn } from '../controls/library.ts';
import type { ClaimVerdict } from './claims.ts';
import type { Coverage, TrailStep } from './finding.ts';

export interface CoverageResult {
  coverage: Coverage;
  trail: TrailStep[];
  controls: string[];
}

/** Evidence from checks that speaks for the technique: its own, and a sub-technique's failures for a parent. */
export function evidenceFor(technique: TechniqueId, evidence: readonly Evidence[]): Evidence[] {
  return evidence.filter((e) => (e.outcome === 'pass' || e.outcome === 'fail') && e.techniques.some((t) => t === technique || (e.outcome === 'fail' && parentTechnique(t) === technique)));
}

/** Evidence a check produced after the review date says nothing about the day reviewed. */
export function evidenceAsOf(evidence: readonly Evidence[], reviewDate: Date): Evidence[] {
  return evidence.filter((e) => !afterReviewDate(e, reviewDate));
}

/** Evidence set aside because its check ran after the review date: the trail says so rather than fall silent. */
export function evidenceAfter(evidence: readonly Evidence[], reviewDate: Date): Evidence[] {
  return evidence.filter((e) => afterReviewDate(e, reviewDate));
}

function afterReviewDate(e: Evidence, reviewDate: Date): boolean {
  return e.startedAt !== undefined && e.startedAt >= new Date(reviewDate.getTime() + 86_400_000).toISOString();
}

/** The trail's note on evidence about a finding that the review date leaves out. */
export function setAsideNote(e: Evidence, reviewDate: Date): string {
  return `${e.checkId} ran on ${e.startedAt?.slice(0, 10)}, after the review date ${reviewDate.toISOString().slice(0, 10)}: its ${e.outcome} is not counted (review as of that day or later to weigh it)`;
}

/**
 * Combine the verdicts on the claims that cover a technique and the checks that tested it. Pure. Each
 * control is credited for how it acts on this technique (`effects`, else its type): logging detects, it
 * never prevents. `offPath` are claims whose control does not block the technique's access path; they are
 * shown in the trail and credit nothing.
 */
export function assessCoverage(verdicts: readonly ClaimVerdict[], checks: readonly Evidence[], technique?: TechniqueId, offPath: readonly { verdict: ClaimVerdict; access: string }[] = []): CoverageResult {
  const acts = (v: ClaimVerdict) => (technique ? effectOn(v.control, technique) : EFFECT[v.control.type]);
  const trail: TrailStep[] = verdicts.map((v) => ({
    kind: 'claim',
    control: v.control.id,
    controlType: v.control.type,
    effect: v.effect,
    text: `${v.control.id} (${acts(v)}): ${v.reason}`,
  }));
  for (const { verdict: v, access } of offPath) {
    trail.push({ kind: 'note', text: `${v.control.id} is claimed but does not block the ${access} path this technique uses; not credited` });
  }
  // Detectors' evidence speaks about detective controls (caught or missed), attacks' about the asset itself.
  const attacks = checks.filter((e) => e.effect !== 'detects');
  const detections = checks.filter((e) => e.effect === 'detects');
  for (const e of attacks) {
    const what = e.effect === 'inspects' ? (e.outcome === 'fail' ? 'found it at work' : 'found nothing this time (not a control: credits nothing)') : e.outcome === 'fail' ? 'succeeded in attacking' : 'was withstood';
    trail.push({ kind: 'check', check: e.checkId, outcome: e.outcome === 'fail' ? 'fail' : 'pass', text: `${e.checkId} ${what}: ${e.summary}` });
  }
  for (const e of detections) {
    trail.push({ kind: 'check', check: e.checkId, outcome: e.outcome === 'fail' ? 'fail' : 'pass', detects: true, text: `${e.checkId} ${e.outcome === 'fail' ? 'missed the attack' : 'detected the attack'}: ${e.summary}` });
  }

  const failed = attacks.filter((e) => e.outcome === 'fail');
  if (failed.length > 0) {
    return done('exploited', `exploited: ${failed.map((e) => e.checkId).join(', ')} succeeded despite the claimed controls`, trail, verdicts, 'counts');
  }

  // An inspection that found nothing (a clean dataset scan) is no attack withstood: it verifies no claim and prevents nothing.
  const passed = attacks.some((e) => e.effect !== 'inspects');
  const caught = detections.some((e) => e.outcome === 'pass');
  const missed = detections.filter((e) => e.outcome === 'fail');
  // A replayed attack the detector missed shows the claimed detective controls failing: they credit nothing.
  const shownFailing = (v: ClaimVerdict): boolean => missed.length > 0 && acts(v) === 'detects';
  for (const v of verdicts.filter(shownFailing)) trail.push({ kind: 'note', text: `${v.control.id} is claimed to detect this, but ${missed.map((e) => e.checkId).join(', ')} missed the replayed attack: not credited` });
  // A passing check turns unproven claims into verified ones: the attack they should stop was stopped (or seen).
  const effective = verdicts.filter((v) => !shownFailing(v) && (v.effect === 'counts' || (v.effect === 'unproven' && (passed || (caught && acts(v) === 'detects')))));
  const prevents = effective.some((v) => acts(v) === 'prevents') || (passed && effective.length === 0);
  const detects = effective.some((v) => acts(v) === 'detects') || caught;
  if (prevents && detects) return done('both', 'prevented and detected', trail, effective);
  if (prevents) return done('prevented', passed && effective.length === 0 ? 'prevented: the asset withstood the check, though no control is claimed' : 'prevented, not detected', trail, effective);
  if (detects) return done('detected', caught && !effective.some((v) => acts(v) === 'detects') ? 'detected: a detector caught the attack in the logs, though no detective control is claimed' : 'detected, not prevented', trail, effective);
  if (missed.length > 0 && verdicts.some(shownFailing)) return done('blind-spot', `blind spot: the claimed detective control failed — ${missed.map((e) => e.checkId).join(', ')} missed the replayed attack`, trail, []);
  if (verdicts.some((v) => v.effect === 'unproven')) return done('claimed', 'claimed, not verified', trail, verdicts, 'unproven');
  const corrective = effective.map((v) => v.control.id);
  if (corrective.length > 0) return done('blind-spot', `blind spot: neither prevented nor detected (corrective only: ${corrective.join(', ')})`, trail, effective);
  const planned = verdicts.filter((v) => v.effect === 'not-in-place').map((v) => v.control.id);
  return done('blind-spot', planned.length > 0 ? `blind spot (planned: ${planned.join(', ')})` : 'blind spot: no control claimed', trail, []);
}

const EFFECT = { preventive: 'prevents', detective: 'detects', corrective: 'corrects' } as const;

function done(coverage: Coverage, verdict: string, trail: TrailStep[], verdicts: readonly ClaimVerdict[], only?: ClaimVerdict['effect']): CoverageResult {
  const controls = [...new Set(verdicts.filter((v) => !only || v.effect === only || v.effect === 'counts').map((v) => v.control.id))];
  return { coverage, trail: [...trail, { kind: 'verdict', text: verdict }], controls };
}
