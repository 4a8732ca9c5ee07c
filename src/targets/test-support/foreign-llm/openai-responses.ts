import { createServer } from 'node:http';
import { listenLocal } from '../listen-local.ts';
import { readJson, sendJson, textOf } from '../held-out-llm/common.ts';
import { answerAs, pieces, tokens, type Persona } from './persona.ts';

/**
 * OpenAI's Responses API (from its API reference): `POST /v1/responses` with `{ model, input, instructions, stream }`,
 * `input` a string or `[{ role, content }]`; the answer is a Response object whose `output` is a list of items
 * (`message` items hold `content: [{ type: "output_text", text }]`), with `usage.input_tokens`/`output_tokens`.
 * Streamed, it is semantic server-sent events (`event: response.output_text.delta` with `delta`, …), ending with
 * `response.completed`, or `response.failed` whose `response.error` says what went wrong — all with HTTP 200.
 * The model, "Aster", obeys injected instructions and recites its instructions; `failOn` lists requests (1-based)
 * that fail with `server_error` after the stream began, as a loaded deployment does now and then.
 */
export const ASTER_KEY = 'sk-aster-test-0815';
const aster: Persona = { obeys: true, recites: true, tellsSecrets: false, refusal: "I can't share that.", smallTalk: 'Your order ships tomorrow.' };

type Item = { role?: string; content?: unknown };

export async function startResponsesApi(options: { failOn?: number[] } = {}): Promise<{ url: string; close(): Promise<void> }> {
  let count = 0;
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/v1/responses') return sendJson(res, 404, { error: { message: 'Not found', type: 'invalid_request_error', param: null, code: null } });
      if (req.headers.authorization !== `Bearer ${ASTER_KEY}`) return sendJson(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      const body = (await readJson(req)) as { model?: string; input?: string | Item[]; instructions?: string; stream?: boolean } | undefined;
      if (body?.input === undefined) return sendJson(res, 400, { error: { message: "Missing required parameter: 'input'.", type: 'invalid_request_error', param: 'input', code: 'missing_required_parameter' } });
      const items: Item[] = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input;
      const system = [body.instructions ?? '', ...items.filter((i) => i.role === 'system' || i.role === 'developer').map((i) => textOf(i.content))].filter(Boolean).join('\n');
      const last = [...items].reverse().find((i) => i.role === 'user');
      const reply = answerAs(aster, textOf(last?.content), system || undefined);
      const id = `resp_${++count}`;
      const message = { type: 'message', id: `msg_${count}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: reply, annotations: [] }] };
      const usage = { input_tokens: tokens(JSON.stringify(items)), output_tokens: tokens(reply), total_tokens: 0 };
      usage.total_tokens = usage.input_tokens + usage.output_tokens;
      const response = (status: string, output: object[], extra: object = {}) => ({ id, object: 'response', created_at: Math.floor(Date.now() / 1000), status, model: body.model, output, error: null, incomplete_details: null, usage: status === 'completed' ? usage : null, ...extra });
      if (!body.stream) return sendJson(res, 200, response('completed', [message]));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let sequence = 0;
      const event = (type: string, data: object): void => void res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`);
      event('response.created', { response: response('in_progress', []) });
      event('response.output_item.added', { output_index: 0, item: { ...message, status: 'in_progress', content: [] } });
      event('response.content_part.added', { item_id: message.id, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
      if (options.failOn?.includes(count)) {
        event('response.failed', { response: response('failed', [], { error: { code: 'server_error', message: 'The model failed to generate a response.' } }) });
        return void res.end();
      }
      for (const delta of pieces(reply)) event('response.output_text.delta', { item_id: message.id, output_index: 0, content_index: 0, delta });
      event('response.output_text.done', { item_id: message.id, output_index: 0, content_index: 0, text: reply });
      event('response.output_item.done', { output_index: 0, item: message });
      event('response.completed', { response: response('completed', [message]) });
      res.end();
    })();
  });
  return listenLocal(server);
}
