import type { EventField, InferenceEvent } from './event.ts';

/** Fields an event may carry, counted over a run (`client`: events naming one; the rest are the client `unknown`). */
export const COUNTED_FIELDS = ['client', 'time', 'input', 'prompt', 'label', 'scores', 'reply', 'tokensIn', 'tokensOut', 'latency', 'toolCalls'] as const satisfies readonly EventField[];
export type CountedField = (typeof COUNTED_FIELDS)[number];

/** How many events carried each field: what tells a log the mapping misread from one with nothing to see. */
export type FieldCounts = Record<CountedField, number>;

/** The fields whose absence means a content detector has nothing to judge (time alone feeds only flooding). */
export const CONTENT_FIELDS: readonly EventField[] = ['input', 'label', 'scores', 'prompt', 'reply', 'toolCalls'];

export function emptyFieldCounts(): FieldCounts {
  return { client: 0, time: 0, input: 0, prompt: 0, label: 0, scores: 0, reply: 0, tokensIn: 0, tokensOut: 0, latency: 0, toolCalls: 0 };
}

export function countFields(counts: FieldCounts, event: InferenceEvent): void {
  if (event.client !== 'unknown') counts.client++;
  if (event.time !== undefined) counts.time++;
  if (event.input !== undefined) counts.input++;
  if (event.prompt !== undefined) counts.prompt++;
  if (event.label !== undefined) counts.label++;
  if (event.scores !== undefined) counts.scores++;
  if (event.reply !== undefined) counts.reply++;
  if (event.tokensIn !== undefined) counts.tokensIn++;
  if (event.tokensOut !== undefined) counts.tokensOut++;
  if (event.latencyMs !== undefined) counts.latency++;
  if (event.toolCalls !== undefined) counts.toolCalls++;
}

/** The fields a detector requires that no event carried: it judged nothing (empty when it could read the log). */
export function missingFields(requires: readonly EventField[], counts: FieldCounts): EventField[] {
  return requires.filter((f) => f !== 'client' && counts[f as CountedField] === 0);
}
