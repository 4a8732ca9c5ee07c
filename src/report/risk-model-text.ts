/** The risk model in words, shown in every report so a reader can follow a score by hand (src/assess/risk.ts). */
export const RISK_MODEL_TEXT = [
  'Score = likelihood (0–5) × impact (0–5), so 0–25: critical ≥ 15, high ≥ 9, medium ≥ 4.',
  '',
  '- Likelihood = 5 × maturity × frequency × reach × coverage. Maturity: realized 1, demonstrated 0.8, feasible 0.55.',
  '  Where the ATLAS release states no maturity (releases before 5.0), the newest bundled release\'s value is used,',
  '  else demonstrated; such a factor is marked "assumed".',
  '  Frequency = 0.6 + 0.4 × min(1, log₂(1 + case studies) / log₂ 9). Reach: how reachable the access the technique',
  '  needs is on an asset of this exposure (e.g. inference API: public 1, partner 0.6, internal 0.25), × 0.7–0.85 when',
  '  the interface authenticates. Coverage: blind spot 1, claimed 0.8, detected 0.55, prevented 0.35, both 0.2. An',
  '  exploited technique (a check succeeded against this asset) has likelihood 5.',
  '- Impact = criticality (low 1.5, medium 2.5, high 3.5, critical 4.5; an asset inherits the highest criticality of',
  '  the assets that depend on it) + data sensitivity for confidentiality harm (public −0.5 … restricted +0.5) + 0.1',
  '  per further kind of harm (at most 0.3) + 0.3 for safety harm, × the stage of the technique in an attack',
  '  (preparation — reconnaissance, resource development — 0.5; foothold 0.8; impact or exfiltration 1), capped at 5.',
  '- A claim counts as coverage when the control is implemented, has evidence, and was verified within the',
  '  verification window; otherwise it is "claimed, unverified". A passing check verifies claimed controls.',
].join('\n');
