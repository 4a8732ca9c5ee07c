import { z } from 'zod';
import type { Evidence } from '../../checks/contract.ts';
import { html, type Raw } from './escape.ts';

/**
 * The successful transcripts of the LLM red team (`llm-app/*` checks): what was sent, what came back, and
 * which detector called it. Read leniently from each check's evidence details (`attempts` or `transcripts`):
 * a transcript this section cannot read is left out, never guessed at. Secrets were redacted by the checks.
 */
const Turn = z.object({
  role: z.string(),
  text: z.string().default(''),
  reply: z.string().optional(),
  request: z.number().optional(),
  forged: z.boolean().optional(),
  toolCalls: z.array(z.object({ name: z.string(), arguments: z.string() })).optional(),
});
const Attempt = z.object({
  probe: z.string(),
  success: z.boolean(),
  exploited: z.array(z.string()).default([]),
  turns: z.array(Turn),
  plant: z.object({ title: z.string(), text: z.string() }).optional(),
  verdicts: z.array(z.object({ detector: z.string().optional(), success: z.boolean().optional(), judged: z.boolean().optional(), evidence: z.string().optional() }).loose()).default([]),
});
type Attempt = z.infer<typeof Attempt>;

const MAX_PER_CHECK = 5;
const MAX_TEXT = 1200;
const clip = (text: string): string => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)} … (${text.length - MAX_TEXT} more characters)` : text);

function successes(evidence: Evidence): Attempt[] {
  const details = evidence.details as { attempts?: unknown; transcripts?: unknown } | null;
  const list = details?.attempts ?? details?.transcripts;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const parsed = Attempt.safeParse(item);
    return parsed.success && parsed.data.success ? [parsed.data] : [];
  });
}

function renderAttempt(evidence: Evidence, attempt: Attempt): Raw {
  const detectors = [...new Set(attempt.verdicts.filter((v) => v.success !== false).map((v) => `${v.detector ?? 'detector'}${v.judged ? ' (judged by a model)' : ''}`))];
  return html`<details class="transcript"><summary><b>${evidence.assets.join(', ')}</b> · ${attempt.exploited.join(', ') || evidence.techniques.join(', ')} · <code>${attempt.probe}</code>${detectors.length ? ` · ${detectors.join(', ')}` : ''}</summary>
${attempt.plant ? html`<p class="legend">Planted in the knowledge base: <b>${attempt.plant.title}</b></p><pre>${clip(attempt.plant.text)}</pre>` : ''}
${attempt.turns.map(
  (t) => html`<p class="legend">${t.forged ? 'forged ' : ''}${t.role}${t.request !== undefined ? ` · request #${t.request}` : ''}</p><pre>${clip(t.text)}</pre>
${t.reply !== undefined ? html`<p class="legend">reply</p><pre>${clip(t.reply)}</pre>` : ''}
${t.toolCalls?.length ? html`<p class="legend">tool calls</p><pre>${t.toolCalls.map((c) => `${c.name}(${clip(c.arguments)})`).join('\n')}</pre>` : ''}`,
)}</details>`;
}

/** The section, or none when no LLM probe succeeded. */
export function llmTranscriptSections(evidence: readonly Evidence[]): { id: string; title: string; body: Raw }[] {
  const shown = evidence.filter((e) => e.checkId.startsWith('llm-app/') && e.outcome === 'fail').flatMap((e) => successes(e).slice(0, MAX_PER_CHECK).map((a) => renderAttempt(e, a)));
  if (shown.length === 0) return [];
  return [{ id: 'llm-transcripts', title: 'LLM red team: successful transcripts', body: html`<p class="legend">Each transcript is one probe that succeeded (at most ${MAX_PER_CHECK} per check); declared secrets appear as [REDACTED:…].</p>${shown}` }];
}
