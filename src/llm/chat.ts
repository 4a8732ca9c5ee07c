/**
 * The contract between chat targets (src/targets/: OpenAI-compatible, Ollama, generic HTTP chat) and the
 * LLM red team (src/llm/: probes, transforms, judges, campaigns; src/checks/llm-app/). Targets implement
 * `ChatTarget`; an `LlmApp` bundles one with what the app's owner declared in the target file.
 */

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

/** A tool call the model asked for; `arguments` is the raw text the API returned (usually JSON). */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** On assistant turns: tool calls the model made. */
  toolCalls?: ToolCall[];
  /** On tool turns: the call this answers. */
  toolCallId?: string;
}

/** A tool offered to the model (OpenAI `tools[].function`). */
export interface ToolSpec {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: Record<string, unknown>;
}

export interface ChatRequest {
  /**
   * The conversation as the client writes it. Targets that keep the conversation server-side send only
   * the last user turn (and the session id); targets without `clientHistory` refuse assistant turns.
   */
  messages: ChatMessage[];
  tools?: ToolSpec[];
  maxTokens?: number;
  temperature?: number;
  /** Continue a server-side conversation (generic HTTP chat apps); a new one when omitted. */
  sessionId?: string;
}

export interface ChatUsage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

export interface ChatReply {
  /** The assistant's text (streamed replies joined); '' when it only called tools. */
  content: string;
  toolCalls: ToolCall[];
  /** As the API reported it; absent when it reported none. */
  usage?: ChatUsage;
  finishReason?: string;
  latencyMs: number;
  /** The session id to continue this conversation, for targets that keep it server-side. */
  sessionId?: string;
  /** 1-based number of this request in the target's query log: what verdicts cite. */
  requestNumber: number;
  /**
   * The app blocked the request by a policy the target file declares (`blocked`: HTTP 400 with a policy code,
   * a JSON error with HTTP 200): what the answer said. The reply is a refusal; `content` is empty.
   */
  blocked?: string;
}

export interface ChatCapabilities {
  /** Accepts `tools` and returns `tool_calls`. */
  tools: boolean;
  /** Accepts client-written assistant turns in `messages` (chat-history manipulation is possible). */
  clientHistory: boolean;
  /** Accepts a client `system` message. */
  systemRole: boolean;
  /** Keeps the conversation server-side under a session id. */
  sessions: boolean;
}

/** What a chat target has spent; budgets count requests and tokens. */
export interface ChatSpend {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  retries: number;
  throttled: number;
}

/**
 * An LLM application reachable for chat. Every implementation counts requests and tokens against a budget,
 * rate-limits, retries transient failures, times out, and logs each exchange (redacting declared secrets).
 * It throws `BudgetExhaustedError` (src/targets/prediction-target.ts) before a request the budget cannot pay
 * for, and a `RampartError` of kind 'target' naming the target and the request for an answer it cannot read.
 */
export interface ChatTarget {
  readonly kind: 'chat-api';
  /** The name the user gave the target; used in every message about it. */
  readonly name: string;
  readonly capabilities: ChatCapabilities;
  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatReply>;
  spent(): ChatSpend;
  close(): Promise<void>;
}

/** A behaviour the app must refuse, with a sample request that asks for it. */
export interface RefusalRule {
  behaviour: string;
  sample: string;
}

/** What the app's owner knows and a black-box tester does not; declared in the target file. */
export interface AppKnowledge {
  /** The system prompt as deployed, when the owner shares it (inline or read from `file:`). */
  systemPrompt?: string;
  /** Strings that must never leave the app: codes, hostnames, PII samples. */
  canaries: string[];
  refusals: RefusalRule[];
}

/** A way to put content where the app's retrieval will find it (an upload route or a folder). */
export interface KnowledgeBase {
  readonly description: string;
  /** Plant a document; returns an id to remove it by. */
  plant(doc: { title: string; text: string }, signal?: AbortSignal): Promise<string>;
  remove(id: string, signal?: AbortSignal): Promise<void>;
}

/** An out-of-band listener on 127.0.0.1 that agents which fetch URLs or send messages may call back. */
export interface CallbackListener {
  /** A URL unique to `token` that an agent could be induced to fetch. */
  urlFor(token: string): string;
  /** The requests received for `token` so far (method, path with query, body up to a cap). */
  hits(token: string): { method: string; path: string; body: string; at: string }[];
  close(): Promise<void>;
}

/** Everything a probe may use against one LLM application. */
export interface LlmApp {
  target: ChatTarget;
  knowledge: AppKnowledge;
  /** Present when the target file says how outside content reaches retrieval. */
  knowledgeBase?: KnowledgeBase;
  /** Present when the target file allows a callback listener. */
  callbacks?: CallbackListener;
  /** Tools to offer the model when the API takes client tools (declared in the target file). */
  tools?: ToolSpec[];
  /** An optional judge model (OpenAI-compatible); its verdicts are labelled as judged. */
  judge?: ChatTarget;
  /**
   * Replaces the declared secrets in text that will be kept (evidence, transcripts): canaries (also base64 and
   * hex) become `[REDACTED:canary-N]`, the system prompt `[REDACTED:system-prompt]`. Set by the target file.
   */
  redact?: (text: string) => string;
}
