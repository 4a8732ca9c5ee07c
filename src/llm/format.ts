import type { AppKnowledge } from './chat.ts';
import type { Attempt } from './execute.ts';
import type { CampaignResult } from './summary.ts';

/** Formatters of a campaign: a text table for people, JSON for machines, one line per transcript. */

const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

export function formatCampaignText(result: CampaignResult, targetName: string): string {
  const lines = [`LLM red team of ${targetName}: ${result.requests} requests of ${result.budget}, ${result.tokens} tokens, seed ${result.seed}`];
  if (result.stopped) lines.push(`Stopped early (${result.stopped})${result.error ? `: ${result.error}` : ''}; results below are partial.`);
  lines.push('', 'technique        attempts  successes  rate (95% CI)        requests  tokens   cheapest successful probe');
  for (const t of result.techniques) {
    const ci = `${pct(t.rate)} (${pct(t.interval[0])}–${pct(t.interval[1])})`;
    const cheapest = t.cheapest ? `${t.cheapest.probe} (${t.cheapest.requests} req; request ${t.cheapest.requestNumbers.join(', ')})` : '—';
    lines.push(`${t.technique.padEnd(16)} ${String(t.attempts).padStart(8)}  ${String(t.successes).padStart(9)}  ${ci.padEnd(19)} ${String(t.requests).padStart(9)}  ${String(t.tokens).padStart(6)}   ${cheapest}`);
  }
  lines.push('', 'family                   verdict');
  for (const f of result.families) {
    const verdict = f.skipped ? `not tested: ${f.skipped}` : f.successes > 0 ? `EXPLOITED (${f.successes}/${f.attempts}): ${f.exploited.join(', ')}` : f.completed ? `withstood ${f.attempts} probes` : `incomplete after ${f.attempts} probes`;
    lines.push(`${f.family.padEnd(24)} ${verdict}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The summary as JSON; transcripts are left to the JSON Lines file (`transcriptLine`). */
export function formatCampaignJson(result: CampaignResult): string {
  const { attempts, ...summary } = result;
  return `${JSON.stringify({ ...summary, attempts: attempts.length, successful: attempts.filter((a) => a.success).map((a) => ({ probe: a.probe, techniques: a.exploited, requests: a.verdicts.filter((v) => v.success).map((v) => v.request) })) }, null, 2)}\n`;
}

/** What must not be written out: the canaries, and each line of the declared system prompt. */
export function declaredSecrets(knowledge: AppKnowledge): string[] {
  const lines = (knowledge.systemPrompt ?? '').split('\n').map((l) => l.trim()).filter((l) => l.length >= 24);
  return [...knowledge.canaries, ...lines].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced by `[redacted]` (case-insensitive, longest first). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.replace(new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '[redacted]');
  }
  return out;
}

/** One transcript as a JSON Lines record, with every declared secret replaced by `[redacted]`. */
export function transcriptLine(attempt: Attempt, secrets: readonly string[]): string {
  const record = { probe: attempt.probe, family: attempt.family, transforms: attempt.transforms, techniques: attempt.techniques, success: attempt.success, exploited: attempt.exploited, plant: attempt.plant, turns: attempt.turns, verdicts: attempt.verdicts, error: attempt.error };
  return JSON.stringify(JSON.parse(redact(JSON.stringify(record), secrets.map((s) => JSON.stringify(s).slice(1, -1)))));
}
