import type { OsvAdvisory } from './osv/schema.ts';
import type { SeverityJudgement } from './osv/severity.ts';

/** What a vulnerable dependency gives an adversary, in ATLAS terms (ids checked against the bundled ATLAS). */
export type DependencyTechnique = 'AML.T0010.001' | 'AML.T0011.000' | 'AML.T0049';

export interface TechniqueJudgement {
  techniques: DependencyTechnique[];
  /** Why each technique beyond AI Software was named, quoted from the advisory. */
  reasons: string[];
  kind: 'deserialisation' | 'exposed-service' | 'software';
}

const deserialisation = /deserializ|deserialis|unpickl|\bpickle\b|torch\.load|joblib\.load|yaml\.(?:unsafe_)?load|np\.load|numpy\.load|allow_pickle|safe_mode|load_model|from_pretrained|marshal|arbitrary code execution (?:when|via|through|by) (?:loading|opening|parsing)|malicious (?:model|file|checkpoint|archive)/i;
const service = /path traversal|directory traversal|server[- ]side request forgery|\bssrf\b|authentication bypass|unauthenticated|without authentication|missing authentication|cross[- ]site|\bxss\b|\bcsrf\b|local file inclusion|arbitrary file (?:read|write|overwrite|upload)|remote code execution|command injection|open redirect|(?:http|rest|web|api) (?:server|endpoint|request)|dns rebinding/i;

/**
 * AI Software supply chain (AML.T0010.001) always; Unsafe AI Artifacts (AML.T0011.000) where the flaw is in
 * loading files (a model that runs code when loaded); Exploit Public-Facing Application (AML.T0049) where the
 * flaw is reached over the network in a service (by its text, or a network attack vector with service words).
 */
export function techniquesOf(advisory: OsvAdvisory, severity: SeverityJudgement): TechniqueJudgement {
  const text = `${advisory.summary ?? ''}\n${advisory.details ?? ''}`;
  const reasons: string[] = [];
  const techniques: DependencyTechnique[] = ['AML.T0010.001'];
  const loading = deserialisation.exec(text);
  if (loading) {
    techniques.push('AML.T0011.000');
    reasons.push(`unsafe loading ("${loading[0]}")`);
  }
  const exposed = service.exec(text);
  if (exposed && (severity.network !== false)) {
    techniques.push('AML.T0049');
    reasons.push(`reachable in a service ("${exposed[0]}")`);
  }
  return { techniques, reasons, kind: loading ? 'deserialisation' : exposed ? 'exposed-service' : 'software' };
}
