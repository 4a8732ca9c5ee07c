declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type TechniqueId = Brand<string, 'TechniqueId'>;
export type TacticId = Brand<string, 'TacticId'>;
export type MitigationId = Brand<string, 'MitigationId'>;
export type CaseStudyId = Brand<string, 'CaseStudyId'>;

const TECHNIQUE = /^(?:[A-Z]+\d*\.)+T\d{4}(?:\.\d{3})?$/;
const TACTIC = /^(?:[A-Z]+\d*\.)+TA\d{4}$/;
const MITIGATION = /^(?:[A-Z]+\d*\.)+M\d{4}$/;
const CASE_STUDY = /^(?:[A-Z]+\d*\.)+CS\d{4}$/;

export const isTechniqueId = (s: string): s is TechniqueId => TECHNIQUE.test(s);
export const isTacticId = (s: string): s is TacticId => TACTIC.test(s);
export const isMitigationId = (s: string): s is MitigationId => MITIGATION.test(s);
export const isCaseStudyId = (s: string): s is CaseStudyId => CASE_STUDY.test(s);

export const idPatterns = { technique: TECHNIQUE, tactic: TACTIC, mitigation: MITIGATION, caseStudy: CASE_STUDY } as const;

/** `AML.T0010.001` → `AML.T0010`; a top-level technique is its own parent. */
export function parentTechnique(id: TechniqueId): TechniqueId {
  const match = /^(.*\.T\d{4})\.\d{3}$/.exec(id);
  return (match?.[1] ?? id) as TechniqueId;
}
