import { createServer } from 'node:http';
import { listenLocal } from '../listen-local.ts';
import { readJson, sendJson, textOf } from '../held-out-llm/common.ts';

/**
 * An OpenAI-compatible gateway in front of a model (as LiteLLM-style proxies run): `POST /v1/chat/completions`
 * behind an `Authorization: Token …` header (not Bearer). When its upstream times out it still answers HTTP 200, with
 * `{ "error": { message, type, code } }` instead of a completion — the requests listed in `failOn` (1-based).
 */
export const GATEWAY_TOKEN = 'gw-test-token-3306';

export async function startGateway(options: { failOn?: number[] } = {}): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let count = 0;
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return sendJson(res, 404, { error: { message: 'not found' } });
      if (req.headers.authorization !== `Token ${GATEWAY_TOKEN}`) return sendJson(res, 401, { error: { message: 'Authentication Error, invalid token', type: 'auth_error', code: 401 } });
      const body = (await readJson(req)) as { messages?: { role: string; content: unknown }[] } | undefined;
      count++;
      if (options.failOn?.includes(count)) return sendJson(res, 200, { error: { message: 'litellm.Timeout: upstream request timed out after 600s', type: 'timeout', code: 408 } });
      const last = textOf(body?.messages?.at(-1)?.content);
      sendJson(res, 200, { id: `gw-${count}`, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: `You asked: ${last.slice(0, 40)}` }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } });
    })();
  });
  const listening = await listenLocal(server);
  return { ...listening, requests: () => count };
}
