import { z } from 'zod';
import { BlockedRule } from './chat/blocked.ts';
import { Headers, HttpUrl, RateLimit, Retries } from './target-file.ts';

/**
 * CHAT.yaml: how Rampart reaches one LLM application, and what its owner knows that a black-box tester does
 * not (system prompt, canaries, refusal policy, how outside content reaches retrieval). Credentials are never
 * literal: header values use `${ENV_VAR}` parts or `file:PATH`. Documented in the README, "LLM red teaming".
 */
const Connection = {
  /** Shown in every message and in the evidence. */
  name: z.string().min(1).optional(),
  headers: Headers,
  /** Most requests (every attempt) and tokens (prompt + completion) in one run; --budget lowers requests. */
  budget: z
    .union([z.number().int().positive().transform((requests) => ({ requests, tokens: undefined })), z.strictObject({ requests: z.number().int().positive().optional(), tokens: z.number().int().positive().optional() })])
    .optional(),
  rateLimit: RateLimit.optional(),
  /** Per request, streaming included: an answer not complete by then is abandoned. */
  timeoutMs: z.number().int().positive().default(60_000),
  retries: Retries,
  /** Answers that mean the app refused by policy (HTTP 400 with a policy code, a JSON error with HTTP 200): refusals, not failures. */
  blocked: z.array(BlockedRule).default([]),
  queryLog: z
    .union([z.string().min(1).transform((path) => ({ path, includeContent: false })), z.strictObject({ path: z.string().min(1), includeContent: z.boolean().default(false) })])
    .optional(),
};

const openAiShape = {
  kind: z.literal('openai-chat'),
  /** The API base, e.g. `http://host:8000/v1` (or the full `/chat/completions` URL). */
  url: HttpUrl,
  model: z.string().min(1),
  stream: z.boolean().default(false),
  /** Extra request fields the deployment needs, e.g. `{ top_p: 1 }`. */
  extraBody: z.record(z.string(), z.unknown()).optional(),
  ...Connection,
};
const OpenAiChat = z.strictObject(openAiShape);

const ollamaShape = {
  kind: z.literal('ollama-chat'),
  /** The Ollama server, e.g. `http://127.0.0.1:11434`. */
  url: HttpUrl,
  model: z.string().min(1),
  stream: z.boolean().default(true),
  options: z.record(z.string(), z.unknown()).optional(),
  ...Connection,
};

const anthropicShape = {
  kind: z.literal('anthropic-messages'),
  /** The API base, e.g. `https://api.anthropic.com` (or the full `/v1/messages` URL); credentials go in `headers` (`x-api-key`). */
  url: HttpUrl,
  model: z.string().min(1),
  /** The Messages API requires a cap on every answer. */
  maxTokens: z.number().int().positive().default(1024),
  stream: z.boolean().default(false),
  extraBody: z.record(z.string(), z.unknown()).optional(),
  ...Connection,
};

const httpChatShape = {
    kind: z.literal('http-chat'),
    url: HttpUrl,
    method: z.enum(['POST', 'PUT']).default('POST'),
    request: z.strictObject({
      template: z.unknown().default({}),
      /** Where the user's text goes (the app keeps the conversation, or has none). */
      messagePath: z.string().min(1).optional(),
      /** Where the conversation goes as `[{ role, content }]` (the client keeps it). */
      conversationPath: z.string().min(1).optional(),
    }),
    response: z.strictObject({
      /** Where the whole answer's text is; a streamed answer names its pieces' place in `stream.text` instead. */
      replyPath: z.string().min(1).optional(),
      toolCallsPath: z.string().min(1).optional(),
      /** Where each tool call at toolCallsPath names its tool and gives its arguments (an object or JSON text). */
      toolCall: z.strictObject({ namePath: z.string().min(1).default('name'), argumentsPath: z.string().min(1).default('arguments') }).default({ namePath: 'name', argumentsPath: 'arguments' }),
      promptTokensPath: z.string().min(1).optional(),
      completionTokensPath: z.string().min(1).optional(),
      /** Where an answer sent with HTTP 200, or a streamed event, says it failed (retried like a 5xx); `error` when not said. */
      errorPath: z.string().min(1).default('error'),
    }).prefault({}),
    /** The answer comes in pieces: server-sent events or JSON lines, each with a piece of the text at `text`. */
    stream: z
      .strictObject({
        format: z.enum(['sse', 'jsonl']),
        text: z.string().min(1),
        /** What ends the answer: a payload equal to this text (`[DONE]`), or an event whose value at `path` equals `equals` (true when not said). Without it, the end of the body. */
        done: z.union([z.string().min(1), z.strictObject({ path: z.string().min(1), equals: z.union([z.string(), z.number(), z.boolean()]).default(true) })]).optional(),
        /** Only events whose value at `path` equals `equals` carry text, e.g. `{ path: token.special, equals: false }` (TGI) or `{ path: type, equals: response.output_text.delta }` (Responses API). */
        when: z.strictObject({ path: z.string().min(1), equals: z.union([z.string(), z.number(), z.boolean()]) }).optional(),
      })
      .optional(),
    session: z
      .strictObject({ requestPath: z.string().min(1).optional(), requestHeader: z.string().min(1).optional(), responsePath: z.string().min(1).optional(), responseHeader: z.string().min(1).optional() })
      .refine((s) => (s.requestPath ?? s.requestHeader) !== undefined && (s.responsePath ?? s.responseHeader) !== undefined, 'say where the session id is read (responsePath or responseHeader) and sent (requestPath or requestHeader)')
      .optional(),
    ...Connection,
};
const oneMessagePlace = (t: { request: { messagePath?: string; conversationPath?: string } }): boolean => (t.request.messagePath === undefined) !== (t.request.conversationPath === undefined);
const oneMessagePlaceIssue = { message: 'give request.messagePath or request.conversationPath (exactly one)', path: ['request'] };
const oneReplyPlace = (t: { response: { replyPath?: string }; stream?: unknown }): boolean => (t.response.replyPath === undefined) !== (t.stream === undefined);
const oneReplyPlaceIssue = { message: 'give response.replyPath for a whole answer, or stream (with stream.text) for a streamed one — not both', path: ['response'] };

/** An upload route of the app: `{title}`, `{text}` in the body template and `{id}` in the delete URL are filled in. */
const Upload = z.strictObject({
  kind: z.literal('upload'),
  url: HttpUrl,
  method: z.enum(['POST', 'PUT']).default('POST'),
  headers: Headers,
  /** Any JSON; string values equal to `{title}` or `{text}` are replaced by the planted document's. */
  body: z.unknown().default({ title: '{title}', text: '{text}' }),
  /** Where the answer gives the new document's id. */
  idPath: z.string().default('id'),
  remove: z.strictObject({ url: HttpUrl, method: z.enum(['DELETE', 'POST']).default('DELETE') }).optional(),
});

const Retrieval = z.discriminatedUnion('kind', [
  Upload,
  /** A folder the app indexes; planted documents are written there as text files and removed afterwards. */
  z.strictObject({ kind: z.literal('folder'), path: z.string().min(1) }),
  z.strictObject({ kind: z.literal('none') }),
]);

const ToolSpec = z.strictObject({ name: z.string().min(1), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() });

const Knowledge = {
  /** The system prompt as deployed: inline, or `file:PATH` relative to this file. */
  systemPrompt: z.string().min(1).optional(),
  /** The endpoint is a bare model: Rampart sends the system prompt first, as the app would. */
  sendSystemPrompt: z.boolean().default(false),
  canaries: z.array(z.string().min(4, 'a canary shorter than 4 characters would match by chance')).default([]),
  refusals: z.array(z.strictObject({ behaviour: z.string().min(1), sample: z.string().min(1) })).default([]),
  retrieval: Retrieval.default({ kind: 'none' }),
  /** Rampart may start a listener on 127.0.0.1 for agents that fetch URLs or send messages. */
  callbacks: z.boolean().default(false),
  tools: z.array(ToolSpec).default([]),
  /** An OpenAI-compatible model that may score what the deterministic detectors cannot; its verdicts are labelled as judged. */
  judge: OpenAiChat.optional(),
};

export const ChatTargetFile = z.discriminatedUnion('kind', [
  z.strictObject({ ...openAiShape, ...Knowledge }),
  z.strictObject({ ...ollamaShape, ...Knowledge }),
  z.strictObject({ ...anthropicShape, ...Knowledge }),
  z.strictObject({ ...httpChatShape, ...Knowledge }).refine(oneMessagePlace, oneMessagePlaceIssue).refine(oneReplyPlace, oneReplyPlaceIssue),
]);
export type ChatTargetFile = z.output<typeof ChatTargetFile>;

export const chatTargetKinds = ['openai-chat', 'ollama-chat', 'anthropic-messages', 'http-chat'] as const;

/** The chat target file as JSON Schema, generated from the zod schema (shipped as schemas/chat-target.schema.json). */
export function chatTargetJsonSchema(): object {
  return {
    ...z.toJSONSchema(ChatTargetFile, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
    $id: 'https://github.com/rampart/rampart/schemas/chat-target.schema.json',
    title: 'Rampart chat target file',
    description: 'How Rampart reaches one LLM application and what its owner knows (system prompt, canaries, refusals, retrieval). See the README, "LLM red teaming".',
  };
}
