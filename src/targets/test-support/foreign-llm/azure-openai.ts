import { createServer } from 'node:http';
import { listenLocal } from '../listen-local.ts';
import { intentsOf, readJson, sendJson, textOf } from '../held-out-llm/common.ts';
import { answerAs, tokens, type Persona } from './persona.ts';

/**
 * Azure OpenAI (from Microsoft's REST reference): `POST /openai/deployments/{deployment}/chat/completions?api-version=…`,
 * the key in an `api-key` header (not Bearer), OpenAI's Chat Completions body and answer. No `api-version` is HTTP 404
 * "Resource not found"; a wrong key is 401. Its content filter ("prompt shields") answers HTTP 400 with
 * `error.code: "content_filter"` and `innererror.code: "ResponsibleAIPolicyViolation"`; rate limits are HTTP 429 with
 * `retry-after` (seconds) and `retry-after-ms`, and every request before that time has passed is refused again.
 * The deployment, "Heath", blocks instruction overrides and role-play, but tells the secret of its system turn to
 * whoever asks for it plainly (data leakage) and recites its instructions when asked in so many words.
 */
export const AZURE_KEY = 'azure-test-key-5521';
export const AZURE_DEPLOYMENT = 'heath-gpt4o';
const heath: Persona = { obeys: false, recites: true, tellsSecrets: true, refusal: 'I am sorry, I cannot help with that request.', smallTalk: 'Your claim was received and will be reviewed within five working days.' };

export interface AzureOptions {
  /** Requests (1-based) answered HTTP 429, and the seconds each asks to wait. */
  throttle?: { at: number[]; seconds: number };
}

export async function startAzureOpenAi(options: AzureOptions = {}): Promise<{ url: string; throttled: () => number; close(): Promise<void> }> {
  let count = 0;
  let throttled = 0;
  let until = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // An api-version the service does not know (or none) is "Resource not found", as Azure answers.
      if (req.method !== 'POST' || url.pathname !== `/openai/deployments/${AZURE_DEPLOYMENT}/chat/completions` || !/^\d{4}-\d{2}-\d{2}(?:-preview)?$/.test(url.searchParams.get('api-version') ?? '')) {
        return sendJson(res, 404, { error: { code: '404', message: 'Resource not found' } });
      }
      if (req.headers['api-key'] !== AZURE_KEY) return sendJson(res, 401, { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.' } });
      const body = (await readJson(req)) as { messages?: { role: string; content: unknown }[] } | undefined;
      if (!Array.isArray(body?.messages)) return sendJson(res, 400, { error: { code: 'BadRequest', message: "'messages' is a required property" } });
      count++;
      const seconds = options.throttle?.seconds ?? 1;
      // A few ms of slack: a client that slept exactly retry-after-ms may arrive as the window closes.
      if (Date.now() < until - 5 || options.throttle?.at.includes(count)) {
        throttled++;
        if (Date.now() >= until - 5) until = Date.now() + seconds * 1000;
        const left = Math.max(1, Math.ceil((until - Date.now()) / 1000));
        return sendJson(res, 429, { error: { code: '429', message: `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${url.searchParams.get('api-version')} have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after ${left} seconds.` } }, { 'retry-after': String(left), 'retry-after-ms': String(until - Date.now()) });
      }
      const last = [...body.messages].reverse().find((m) => m.role === 'user');
      const text = textOf(last?.content);
      const { intents } = intentsOf(text);
      if (intents.override || intents.frames.length > 0) {
        return sendJson(res, 400, {
          error: { message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", type: null, param: 'prompt', code: 'content_filter', status: 400, innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: { jailbreak: { filtered: true, detected: true } } } },
        });
      }
      const system = body.messages.filter((m) => m.role === 'system').map((m) => textOf(m.content)).join('\n');
      const reply = answerAs(heath, text, system || undefined);
      const usage = { prompt_tokens: tokens(JSON.stringify(body.messages)), completion_tokens: tokens(reply) };
      sendJson(res, 200, {
        id: `chatcmpl-${count}`,
        object: 'chat.completion',
        model: 'gpt-4o-2024-08-06',
        prompt_filter_results: [{ prompt_index: 0, content_filter_results: { hate: { filtered: false, severity: 'safe' } } }],
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply }, content_filter_results: { hate: { filtered: false, severity: 'safe' } } }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      });
    })();
  });
  const listening = await listenLocal(server);
  return { ...listening, throttled: () => throttled };
}
