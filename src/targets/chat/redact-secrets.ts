import type { AppKnowledge } from '../../llm/chat.ts';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces the owner's declared secrets in text meant to be kept or shared (transcripts, query logs): each
 * canary, also as base64 and hex, becomes `[REDACTED:canary-N]`, and the system prompt (whole, or any of its
 * lines of 24 characters or more) becomes `[REDACTED:system-prompt]`.
 */
export function secretRedactor(knowledge: Pick<AppKnowledge, 'canaries' | 'systemPrompt'>): (text: string) => string {
  const rules: { pattern: RegExp; label: string }[] = [];
  const prompt = knowledge.systemPrompt?.trim();
  if (prompt) {
    rules.push({ pattern: new RegExp(escape(prompt), 'g'), label: '[REDACTED:system-prompt]' });
    const lines = [...new Set(prompt.split(/\n+/).map((l) => l.trim()))].filter((l) => l.length >= 24).sort((a, b) => b.length - a.length);
    for (const line of lines) rules.push({ pattern: new RegExp(escape(line), 'gi'), label: '[REDACTED:system-prompt]' });
  }
  knowledge.canaries.forEach((canary, i) => {
    const label = `[REDACTED:canary-${i + 1}]`;
    const forms = [canary, Buffer.from(canary).toString('base64').replace(/=+$/, ''), Buffer.from(canary).toString('hex')];
    for (const form of forms) rules.push({ pattern: new RegExp(escape(form), 'gi'), label });
  });
  return (text) => rules.reduce((out, rule) => out.replace(rule.pattern, rule.label), text);
}
