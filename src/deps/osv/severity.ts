import cvss from 'ae-cvss-calculator';
import type { OsvAdvisory } from './schema.ts';

export type AdvisorySeverity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

export interface SeverityJudgement {
  level: AdvisorySeverity;
  /** CVSS base score when the advisory carries a vector. */
  score?: number;
  vector?: string;
  /** True when the vector says the flaw is reachable over the network (AV:N). */
  network?: boolean;
  /** Where the level came from: a CVSS vector, the database's own word, or estimated from the advisory's text. */
  basis: 'cvss' | 'database' | 'estimated' | 'none';
}

const fromScore = (score: number): AdvisorySeverity => (score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : score > 0 ? 'low' : 'unknown');

/** Severity from the advisory's CVSS vector (v4, v3.x, v2 — scored by ae-cvss-calculator), else the database's own word. */
export function severityOf(advisory: OsvAdvisory): SeverityJudgement {
  const ranked = [...advisory.severity].sort((a, b) => rank(b.type) - rank(a.type));
  for (const entry of ranked) {
    const score = scoreOf(entry.type, entry.score);
    if (score !== undefined) return { level: fromScore(score), score, vector: entry.score, network: /\bAV:N\b/.test(entry.score), basis: 'cvss' };
  }
  const word = [advisory.database_specific?.severity, ...advisory.affected.map((a) => a.database_specific?.severity)].find((s) => typeof s === 'string');
  if (typeof word === 'string') {
    const level = word.toLowerCase() === 'moderate' ? 'medium' : word.toLowerCase();
    if (['critical', 'high', 'medium', 'low'].includes(level)) return { level: level as AdvisorySeverity, basis: 'database' };
  }
  return estimated(`${advisory.summary ?? ''} ${advisory.details ?? ''}`);
}

const rank = (type: string): number => ({ CVSS_V4: 3, CVSS_V3: 2, CVSS_V2: 1 })[type] ?? 0;

function scoreOf(type: string, vector: string): number | undefined {
  try {
    const parsed = type === 'CVSS_V4' ? new cvss.Cvss4P0(vector) : type === 'CVSS_V3' ? (vector.startsWith('CVSS:3.0') ? new cvss.Cvss3P0(vector) : new cvss.Cvss3P1(vector)) : type === 'CVSS_V2' ? new cvss.Cvss2(vector) : undefined;
    const base = parsed?.calculateScores().base;
    return typeof base === 'number' && Number.isFinite(base) ? base : undefined;
  } catch {
    return undefined; // a malformed vector: fall back to the database's word
  }
}

/**
 * Most PyPA advisories carry no vector. Rather than rank them all "unknown", estimate from what the text says
 * the flaw gives an attacker, and label the level as estimated.
 */
function estimated(text: string): SeverityJudgement {
  if (/(remote|arbitrary) (code|command) execution|execute arbitrary (code|commands)|code injection|command injection|\beval\(|\bexec\(/i.test(text)) return { level: 'high', basis: 'estimated' };
  if (/path traversal|arbitrary file (read|write|overwrite)|authentication bypass|privilege escalation|ssrf|server-side request forgery|sql injection/i.test(text)) return { level: 'high', basis: 'estimated' };
  if (/denial of service|null pointer|segmentation fault|crash|heap|buffer overflow|out[- ]of[- ]bounds|use[- ]after[- ]free|cross[- ]site|xss|csrf|open redirect|information disclosure/i.test(text)) return { level: 'medium', basis: 'estimated' };
  return { level: 'unknown', basis: 'none' };
}
