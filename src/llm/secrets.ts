import type { AppKnowledge } from './chat.ts';

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
