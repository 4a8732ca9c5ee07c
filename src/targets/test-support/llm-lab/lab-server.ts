import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { respond, type AssistantOutput, type Turn } from './assistant.ts';
import { SEEDED_DOCUMENTS, SYSTEM_PROMPT, type LabConfig, type LabDocument } from './lab-app.ts';
import { INPUT_BLOCKED, inputBlocked, OUTPUT_WITHHELD, outputLeaks } from './lab-filter.ts';
import { retrieve } from './retrieval.ts';
import { runServerTool } from './server-tools.ts';

/**
 * The lab: a simulated support-assistant app on 127.0.0.1 speaking the OpenAI-compatible Chat Completions API
 * (streaming included), with a writable knowledge base (`POST /kb/documents`, `DELETE /kb/documents/:id`) that
 * its retrieval quotes into the context, server-side tools, and `usage` accounting. A simulation: no model runs.
 */
export interface LabServer {
  url: string;
  config: LabConfig;
  documents(): LabDocument[];
  outbox: { to: string; body: string }[];
  fetched: string[];
  close(): Promise<void>;
}

const Message = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']),
  content: z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() })), z.null()]).optional(),
  tool_calls: z.array(z.object({ id: z.string(), function: z.object({ name: z.string(), arguments: z.string() }) })).optional(),
});
const Request = z.object({
  model: z.string().optional(),
  messages: z.array(Message).min(1),
  tools: z.array(z.object({ function: z.object({ name: z.string() }) })).optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
});
type Request = z.infer<typeof Request>;

const tokens = (text: string): number => Math.ceil(text.length / 4);
const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

export async function startLab(options: { config: LabConfig; port?: number }): Promise<LabServer> {
  const documents = new Map(SEEDED_DOCUMENTS.map((d) => [d.id, d]));
  const issued = new Set<string>();
  const lab = { outbox: [] as LabServer['outbox'], fetched: [] as string[] };
  let nextDoc = 1;
  let nextReply = 1;

  async function complete(request: Request, signal: AbortSignal): Promise<{ out: AssistantOutput; usage: { prompt: number; completion: number } }> {
    let messages: Turn[] = request.messages.map((m) => ({
      role: m.role === 'developer' ? 'system' : m.role,
      content: typeof m.content === 'string' ? m.content : (m.content ?? []).map((p) => p.text ?? '').join(''),
      ...(m.tool_calls ? { toolCalls: m.tool_calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })) } : {}),
    }));
    // The hardened app accepts only assistant turns it wrote itself: forged history is dropped.
    if (options.config === 'hardened') messages = messages.filter((m) => m.role !== 'assistant' || issued.has(digest(m.content)));
    const clientTools = (request.tools ?? []).map((t) => t.function.name);
    const maxTokens = request.max_tokens ?? request.max_completion_tokens;
    const usage = { prompt: 0, completion: 0 };
    const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    if (options.config === 'filtered' && inputBlocked(lastUser)) {
      usage.prompt = tokens(lastUser);
      usage.completion = tokens(INPUT_BLOCKED);
      return { out: { content: INPUT_BLOCKED, toolCalls: [], finishReason: 'stop' }, usage };
    }
    const retrieved = retrieve([...documents.values()], lastUser);
    for (let step = 0; ; step++) {
      usage.prompt += tokens(SYSTEM_PROMPT) + retrieved.reduce((n, d) => n + tokens(d.text), 0) + messages.reduce((n, m) => n + tokens(m.content), 0);
      const out = respond({ config: options.config, messages, retrieved, clientTools, maxTokens });
      usage.completion += tokens(out.content) + out.toolCalls.reduce((n, c) => n + tokens(JSON.stringify(c.arguments)), 0);
      const serverSide = out.toolCalls.filter((c) => !clientTools.includes(c.name));
      if (serverSide.length === 0 || step >= 3) {
        if (options.config === 'filtered' && outputLeaks(out.content)) out.content = OUTPUT_WITHHELD;
        issued.add(digest(out.content));
        return { out: { ...out, toolCalls: out.toolCalls.filter((c) => clientTools.includes(c.name)) }, usage };
      }
      const calls = serverSide.map((c, i) => ({ id: `srv_${step}_${i}`, name: c.name, arguments: JSON.stringify(c.arguments) }));
      messages = [...messages, { role: 'assistant', content: '', toolCalls: calls }];
      for (const call of serverSide) messages.push({ role: 'tool', content: await runServerTool(call.name, call.arguments, lab, signal) });
    }
  }

  async function chat(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return json(res, 400, { error: { message: 'request body is not JSON', type: 'invalid_request_error' } });
    }
    const parsed = Request.safeParse(body);
    if (!parsed.success) return json(res, 400, { error: { message: `invalid request: ${parsed.error.issues[0]?.message ?? ''}`, type: 'invalid_request_error' } });
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const { out, usage } = await complete(parsed.data, abort.signal);
    const id = `chatcmpl-lab-${nextReply++}`;
    const toolCalls = out.toolCalls.map((c, i) => ({ id: `call_${nextReply}_${i}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } }));
    const usageJson = { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion };
    const model = parsed.data.model ?? 'lab-sim-1';
    if (!parsed.data.stream) {
      return json(res, 200, { id, object: 'chat.completion', model, choices: [{ index: 0, message: { role: 'assistant', content: toolCalls.length ? null : out.content, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) }, finish_reason: out.finishReason }], usage: usageJson });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (chunk: unknown): boolean => res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', model, ...(chunk as object) })}\n\n`);
    send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] });
    for (const piece of out.content.match(/[\s\S]{1,48}/g) ?? []) send({ choices: [{ index: 0, delta: { content: piece } }] });
    toolCalls.forEach((c, index) => {
      const half = Math.ceil(c.function.arguments.length / 2);
      send({ choices: [{ index: 0, delta: { tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: c.function.arguments.slice(0, half) } }] } }] });
      send({ choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: c.function.arguments.slice(half) } }] } }] });
    });
    send({ choices: [{ index: 0, delta: {}, finish_reason: out.finishReason }] });
    if (parsed.data.stream_options?.include_usage) send({ choices: [], usage: usageJson });
    res.end('data: [DONE]\n\n');
  }

  function knowledgeBase(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const id = /^\/kb\/documents\/([^/?]+)/.exec(req.url ?? '')?.[1];
    if (req.method === 'GET') return json(res, 200, { documents: [...documents.values()].map((d) => ({ id: d.id, title: d.title })) });
    if (req.method === 'DELETE' && id) {
      const doc = documents.get(decodeURIComponent(id));
      if (!doc) return json(res, 404, { error: 'no such document' });
      if (SEEDED_DOCUMENTS.includes(doc)) return json(res, 403, { error: 'seeded documents cannot be deleted' });
      documents.delete(doc.id);
      return json(res, 200, { deleted: doc.id });
    }
    if (req.method === 'POST' && !id) {
      const parsed = z.object({ title: z.string().min(1).max(200), text: z.string().min(1).max(20_000) }).safeParse(safeJson(raw));
      if (!parsed.success) return json(res, 400, { error: 'give { "title": "…", "text": "…" }' });
      const doc = { id: `doc-${nextDoc++}`, ...parsed.data, confidential: false };
      documents.set(doc.id, doc);
      return json(res, 201, { id: doc.id });
    }
    return json(res, 405, { error: 'method not allowed' });
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      if (raw.length < 1_000_000) raw += c.toString('utf8');
    });
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const route = path === '/v1/chat/completions' && req.method === 'POST' ? chat(req, res, raw) : path.startsWith('/kb/documents') ? knowledgeBase(req, res, raw) : path === '/v1/models' ? json(res, 200, { object: 'list', data: [{ id: 'lab-sim-1', object: 'model' }] }) : json(res, 404, { error: 'not found' });
      void Promise.resolve(route).catch((error: unknown) => json(res, 500, { error: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config: options.config,
    documents: () => [...documents.values()],
    ...lab,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
