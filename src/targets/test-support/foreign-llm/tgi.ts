import { createServer } from 'node:http';
import { listenLocal } from '../listen-local.ts';
import { readJson, sendJson } from '../held-out-llm/common.ts';
import { answerAs, pieces, tokens, type Persona } from './persona.ts';

/**
 * Hugging Face Text Generation Inference (from its API docs): `POST /generate` takes `{ inputs, parameters }` and
 * answers `{ generated_text }` (with `details` when `parameters.details`); `POST /generate_stream` answers server-sent
 * events `data:{"index","token":{"id","text","logprob","special"},"generated_text":null,"details":null}`, the last
 * one being the special end-of-sequence token `</s>` with the whole `generated_text` and `details.finish_reason`
 * ("eos_token"). Validation errors are HTTP 422 `{ error, error_type: "validation" }`; an error during generation
 * is an event `data:{"error","error_type":"generation"}`. The model, "Sorrel", is a base model behind an app that
 * puts the user's text into its own prompt: it obeys injected instructions but keeps its prompt and has no secret.
 */
const sorrel: Persona = { obeys: true, recites: false, tellsSecrets: false, refusal: 'Sorry, I can only answer questions about gardening.', smallTalk: 'Water tomatoes deeply twice a week.' };
const MAX_INPUT = 4096;

export async function startTgi(): Promise<{ url: string; close(): Promise<void> }> {
  let id = 100;
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || (req.url !== '/generate' && req.url !== '/generate_stream')) return sendJson(res, 404, { error: 'Not Found', error_type: 'not_found' });
      const body = (await readJson(req)) as { inputs?: unknown; parameters?: { max_new_tokens?: number; details?: boolean } } | undefined;
      if (typeof body?.inputs !== 'string' || body.inputs === '') return sendJson(res, 422, { error: 'Input validation error: `inputs` cannot be empty', error_type: 'validation' });
      if (tokens(body.inputs) > MAX_INPUT) return sendJson(res, 422, { error: `Input validation error: \`inputs\` must have less than ${MAX_INPUT} tokens. Given: ${tokens(body.inputs)}`, error_type: 'validation' });
      const reply = answerAs(sorrel, body.inputs);
      const parts = pieces(reply);
      const details = { finish_reason: 'eos_token', generated_tokens: parts.length + 1, seed: null };
      if (req.url === '/generate') return sendJson(res, 200, { generated_text: reply, ...(body.parameters?.details ? { details } : {}) });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      parts.forEach((text, index) => res.write(`data:${JSON.stringify({ index: index + 1, token: { id: ++id, text, logprob: -0.25, special: false }, generated_text: null, details: null })}\n\n`));
      if (body.inputs.includes('CUDA out of memory')) return void res.end(`data:${JSON.stringify({ error: 'Request failed during generation: Server error: CUDA out of memory', error_type: 'generation' })}\n\n`);
      res.end(`data:${JSON.stringify({ index: parts.length + 1, token: { id: 2, text: '</s>', logprob: -0.01, special: true }, generated_text: reply, details })}\n\n`);
    })();
  });
  return listenLocal(server);
}
