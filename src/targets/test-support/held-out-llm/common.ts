import type { IncomingMessage, ServerResponse } from 'node:http';
import { readIntents, type Intents } from '../llm-lab/intents.ts';
import { understand } from '../llm-lab/understand.ts';

/**
 * Shared pieces of the held-out chat servers (a simulation, for tests): each has its own API shape, prompt,
 * secrets, weaknesses and refusal style; they share only reading a message the way a capable model would.
 */
export function intentsOf(text: string): { intents: Intents; readings: string[] } {
  const readings = understand(text);
  return { intents: readIntents(readings, text), readings };
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  try {
    return JSON.parse(body || '{}') as unknown;
  } catch {
    return undefined;
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

/** Text of a message whose content is a string or a list of `{ type: 'text', text }` blocks. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((b) => (typeof (b as { text?: unknown })?.text === 'string' ? (b as { text: string }).text : '')).join('\n');
  return '';
}

/** Fetches only 127.0.0.1 URLs (the callback listener); anything else is reported as unreachable. */
export async function fetchLocal(url: string): Promise<string> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) return 'unreachable';
  try {
    const response = await fetch(url);
    return `HTTP ${response.status}`;
  } catch {
    return 'unreachable';
  }
}
