import { createServer } from 'node:http';
import { listenLocal } from '../listen-local.ts';
import { readJson, sendJson, textOf } from '../held-out-llm/common.ts';
import { answerAs, pieces, tokens, type Persona } from './persona.ts';

/**
 * An Ollama server (`POST /api/chat`, from Ollama's API reference): `{ model, messages, stream, options }`,
 * streamed by default as NDJSON (`application/x-ndjson`), one `{ model, created_at, message, done: false }` line per
 * piece, then a `done: true` line with `done_reason`, durations, `prompt_eval_count` and `eval_count`; an unknown
 * model is HTTP 404 `{ "error": "model \"x\" not found, try pulling it first" }`; an error after the stream began is
 * an `{ "error" }` line. Serves one model, `juniper:8b`: a bare model with no prompt of its own — the app sends
 * its system turn — that obeys whatever it is told (injection, prompt and secret leaks).
 */
export const JUNIPER_MODEL = 'juniper:8b';
const juniper: Persona = { obeys: true, recites: true, tellsSecrets: true, refusal: 'I cannot help with that.', smallTalk: 'Happy to help with your travel booking.' };

export async function startOllama(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/api/chat') return sendJson(res, 404, { error: '404 page not found' });
      const body = (await readJson(req)) as { model?: string; messages?: { role: string; content: unknown }[]; stream?: boolean } | undefined;
      if (!Array.isArray(body?.messages)) return sendJson(res, 400, { error: 'invalid request: messages is required' });
      if (body.model !== JUNIPER_MODEL) return sendJson(res, 404, { error: `model "${String(body.model)}" not found, try pulling it first` });
      const system = body.messages.filter((m) => m.role === 'system').map((m) => textOf(m.content)).join('\n');
      const last = [...body.messages].reverse().find((m) => m.role === 'user');
      const text = textOf(last?.content);
      const reply = answerAs(juniper, text, system || undefined);
      const created = new Date().toISOString();
      const final = { model: body.model, created_at: created, message: { role: 'assistant', content: '' }, done_reason: 'stop', done: true, total_duration: 5_000_000, load_duration: 1_000_000, prompt_eval_count: tokens(JSON.stringify(body.messages)), prompt_eval_duration: 1_000_000, eval_count: tokens(reply), eval_duration: 3_000_000 };
      if (body.stream === false) return sendJson(res, 200, { ...final, message: { role: 'assistant', content: reply } });
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      for (const piece of pieces(reply)) res.write(`${JSON.stringify({ model: body.model, created_at: created, message: { role: 'assistant', content: piece }, done: false })}\n`);
      // Ollama reports a failure after the first byte as an error line, still HTTP 200.
      if (text.includes('run out of memory')) return void res.end(`${JSON.stringify({ error: 'model runner has unexpectedly stopped, this may be due to resource limitations' })}\n`);
      res.end(`${JSON.stringify(final)}\n`);
    })();
  });
  return listenLocal(server);
}
