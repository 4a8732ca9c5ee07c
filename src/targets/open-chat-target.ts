import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { inputError } from '../errors.ts';
import type { ChatTarget, LlmApp } from '../llm/chat.ts';
import { readSourceFile } from '../util/yaml-source.ts';
import { parseWith } from '../util/zod-input.ts';
import { startCallbackListener } from './chat/callback-listener.ts';
import { guardChatTarget, type ChatLogEntry, type ChatTransport } from './chat/chat-guard.ts';
import { folderKnowledgeBase, uploadKnowledgeBase } from './chat/knowledge-base.ts';
import { secretRedactor } from './chat/redact-secrets.ts';
import { ChatTargetFile } from './chat-target-file.ts';
import { resolveSecret } from './credentials.ts';
import { anthropicMessagesTransport } from './anthropic-messages/anthropic-messages-transport.ts';
import { httpChatTransport } from './http-chat/http-chat-transport.ts';
import { ollamaChatTransport } from './ollama-chat/ollama-chat-transport.ts';
import { openAiChatTransport } from './openai-chat/openai-chat-transport.ts';
import { fileQueryLog } from './query-log.ts';

export interface OpenChatOptions {
  /** Lowers the file's request budget (never raises it: the file is the owner's word). */
  budget?: number;
  env?: NodeJS.ProcessEnv;
  /** Overrides the file's query log path. */
  queryLog?: string;
}

/** An opened LLM application: the contract's `LlmApp`, with its redactor always set, and a way to close it. */
export interface OpenedLlmApp extends LlmApp {
  redact(text: string): string;
  /** The target file's own budget, before any `--budget`: what a command reports as the cap it runs under. */
  fileBudget: { requests?: number; tokens?: number };
  close(): Promise<void>;
}

const HINT = 'see "LLM red teaming" in the README for the chat target file';

/** Read CHAT.yaml (or JSON) and open the application it describes. */
export async function openChatTargetFile(file: string, options: OpenChatOptions = {}): Promise<OpenedLlmApp> {
  const source = await readSourceFile(file, 'chat target file');
  const spec = parseWith(ChatTargetFile, source, 'chat target file', HINT);
  return openChatApp(spec, { ...options, baseDir: dirname(resolve(file)), fallbackName: basename(file).replace(/\.(ya?ml|json)$/, ''), file });
}

interface Place extends OpenChatOptions {
  baseDir: string;
  fallbackName: string;
  file?: string;
}

export async function openChatApp(spec: ChatTargetFile, place: Place): Promise<OpenedLlmApp> {
  const systemPrompt = spec.systemPrompt?.startsWith('file:') ? await readPromptFile(spec.systemPrompt, place) : spec.systemPrompt;
  const knowledge = { systemPrompt, canaries: spec.canaries, refusals: spec.refusals };
  const redact = secretRedactor(knowledge);
  const secrets: string[] = [];
  let target = openConnection(spec, place, secrets, redact, 'headers');
  if (spec.sendSystemPrompt) {
    if (!systemPrompt) throw inputError('sendSystemPrompt is true but no systemPrompt is given', { file: place.file, path: 'sendSystemPrompt' }, 'give the system prompt the app sends');
    target = withSystemPrompt(target, systemPrompt);
  }
  const judge = spec.judge ? openConnection(spec.judge, { ...place, budget: undefined, queryLog: undefined, fallbackName: `${place.fallbackName}-judge` }, secrets, redact, 'judge.headers') : undefined;
  const retrieval = spec.retrieval;
  const knowledgeBase =
    retrieval.kind === 'upload'
      ? uploadKnowledgeBase({ ...retrieval, headers: resolveHeaders(retrieval.headers, place, secrets, 'retrieval.headers'), secrets, timeoutMs: spec.timeoutMs })
      : retrieval.kind === 'folder'
        ? folderKnowledgeBase(resolve(place.baseDir, retrieval.path))
        : undefined;
  const callbacks = spec.callbacks ? await startCallbackListener() : undefined;
  return {
    target,
    knowledge,
    ...(knowledgeBase ? { knowledgeBase } : {}),
    ...(callbacks ? { callbacks } : {}),
    ...(spec.tools.length > 0 ? { tools: spec.tools } : {}),
    ...(judge ? { judge } : {}),
    redact,
    fileBudget: { ...(spec.budget?.requests !== undefined ? { requests: spec.budget.requests } : {}), ...(spec.budget?.tokens !== undefined ? { tokens: spec.budget.tokens } : {}) },
    async close() {
      await Promise.all([target.close(), judge?.close(), callbacks?.close()]);
    },
  };
}

type Connection = Omit<Extract<ChatTargetFile, { kind: 'openai-chat' }>, keyof Knowledge> | Extract<ChatTargetFile, { kind: 'ollama-chat' | 'anthropic-messages' | 'http-chat' }>;
type Knowledge = Pick<ChatTargetFile, 'systemPrompt' | 'sendSystemPrompt' | 'canaries' | 'refusals' | 'retrieval' | 'callbacks' | 'tools' | 'judge'>;

function openConnection(spec: Connection, place: Place, secrets: string[], redact: (s: string) => string, headersAt: string): ChatTarget {
  const headers = resolveHeaders(spec.headers, place, secrets, headersAt);
  let transport: ChatTransport;
  switch (spec.kind) {
    case 'openai-chat':
      transport = openAiChatTransport({ url: spec.url, model: spec.model, headers, secrets, blocked: spec.blocked, stream: spec.stream, extraBody: spec.extraBody });
      break;
    case 'ollama-chat':
      transport = ollamaChatTransport({ url: spec.url, model: spec.model, headers, secrets, blocked: spec.blocked, stream: spec.stream, options: spec.options });
      break;
    case 'anthropic-messages':
      transport = anthropicMessagesTransport({ url: spec.url, model: spec.model, maxTokens: spec.maxTokens, headers, secrets, blocked: spec.blocked, stream: spec.stream, extraBody: spec.extraBody });
      break;
    case 'http-chat':
      transport = httpChatTransport({
        url: spec.url,
        method: spec.method,
        headers,
        secrets,
        blocked: spec.blocked,
        template: spec.request.template,
        messagePath: spec.request.messagePath,
        conversationPath: spec.request.conversationPath,
        replyPath: spec.response.replyPath,
        stream: spec.stream,
        toolCallsPath: spec.response.toolCallsPath,
        toolCall: spec.response.toolCall,
        usage: { promptTokensPath: spec.response.promptTokensPath, completionTokensPath: spec.response.completionTokensPath },
        errorPath: spec.response.errorPath,
        session: spec.session,
      });
      break;
  }
  const requests = [spec.budget?.requests, place.budget].filter((b): b is number => b !== undefined);
  const logPath = place.queryLog ?? spec.queryLog?.path;
  return guardChatTarget(spec.name ?? place.fallbackName, transport, {
    requests: requests.length > 0 ? Math.min(...requests) : undefined,
    tokens: spec.budget?.tokens,
    rateLimit: spec.rateLimit,
    retry: spec.retries,
    timeoutMs: spec.timeoutMs,
    log: logPath ? fileQueryLog<ChatLogEntry>(resolve(place.baseDir, logPath)) : undefined,
    logContent: spec.queryLog?.includeContent ?? false,
    redact: (text) => redact(secrets.reduce((out, s) => (s.length >= 4 ? out.split(s).join('***') : out), text)),
  });
}

function resolveHeaders(raw: Record<string, string>, place: Place, secrets: string[], at: string): Record<string, string> {
  const env = place.env ?? process.env;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const resolved = resolveSecret(value, env, place.baseDir, { file: place.file, path: `${at}.${key}` });
    if (resolved !== value) secrets.push(resolved);
    headers[key] = resolved;
  }
  return headers;
}

async function readPromptFile(value: string, place: Place): Promise<string> {
  const path = resolve(place.baseDir, value.slice('file:'.length));
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    throw inputError(`cannot read the system prompt file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { file: place.file, path: 'systemPrompt' }, 'check the path (relative to the target file)');
  }
}

/** For a bare model endpoint: the system prompt goes first, as the app in front of it would send it. */
function withSystemPrompt(target: ChatTarget, systemPrompt: string): ChatTarget {
  return {
    ...target,
    chat: (request, signal) =>
      target.chat(request.messages[0]?.role === 'system' ? request : { ...request, messages: [{ role: 'system', content: systemPrompt }, ...request.messages] }, signal),
    spent: () => target.spent(),
    close: () => target.close(),
  };
}
