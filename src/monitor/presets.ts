import type { EventField } from './event.ts';

/** A preset is what a mapping file would say (mapping.ts parses both the same way). */
interface Preset {
  records?: string;
  fields: Partial<Record<EventField, string>>;
}

/**
 * Field mappings for the logs Rampart meets most. Each is an ordinary mapping (a file may start from one
 * with `preset:` and override fields); the README's "Mapping presets" table is these values.
 */
export const PRESETS = {
  /** Rampart's own query logs (`rampart attack … --query-log`, `queryLog:` in target files): prediction and chat entries. */
  rampart: {
    fields: {
      time: 'time',
      client: 'client|target',
      input: 'x',
      label: 'labels',
      scores: 'scores',
      prompt: 'messages',
      reply: 'reply',
      tokensIn: 'promptTokens',
      tokensOut: 'completionTokens',
      latency: 'ms',
      toolCalls: 'toolCalls',
    },
  },
  /** KServe / Triton payload logs, one inference per line: v1 `instances`/`predictions` or v2 `inputs`/`outputs` tensors. */
  kserve: {
    fields: {
      time: 'time|timestamp|ce-time|ts|@timestamp',
      client: 'client|user|api_key_id|client_id|user_id|consumer|api_key|apiKey|headers["x-api-key-id"]|headers["x-client-id"]|headers["x-user-id"]|headers["x-api-key"]|headers["x-forwarded-for"]|client_ip|remote_addr|source',
      input: 'request.instances|request.inputs[0]|instances|inputs[0]|request.data.ndarray|data.ndarray|request.dataframe_split.data|dataframe_split.data',
      label: 'response.predictions|predictions|response.outputs[0]|outputs[0]|response.data.ndarray',
      scores: 'response.predictions|predictions|response.outputs[0]|outputs[0]|response.data.ndarray',
      latency: 'latency_ms|latencyMs|duration_ms',
    },
  },
  /** OpenAI-compatible gateway logs (LiteLLM, Portkey, Helicone-style): request messages, completion, usage. */
  openai: {
    fields: {
      time: 'startTime|start_time|timestamp|created_at|time|created',
      client: 'user|api_key|api_key_id|metadata.user_api_key_hash|metadata.user|request.user|client',
      prompt: 'request.messages|messages|request.prompt|prompt',
      reply: 'response.choices[0].message.content|choices[0].message.content|response.choices[0].text|completion|response',
      tokensIn: 'usage.prompt_tokens|response.usage.prompt_tokens|prompt_tokens',
      tokensOut: 'usage.completion_tokens|response.usage.completion_tokens|completion_tokens',
      latency: 'latency_ms|response_time_ms|duration_ms',
      toolCalls: 'response.choices[0].message.tool_calls|choices[0].message.tool_calls|tool_calls',
    },
  },
  /** OpenTelemetry GenAI spans exported as JSON (OTLP/JSON `resourceSpans`, or one span per line), `gen_ai.*` attributes. */
  'otel-genai': {
    records: 'resourceSpans[*].scopeSpans[*].spans[*]',
    fields: {
      time: 'startTimeUnixNano|start_time|startTime',
      client: 'attributes["enduser.id"]|attributes["user.id"]|attributes["gen_ai.request.user"]|attributes["client.address"]|attributes["gen_ai.conversation.id"]',
      prompt: 'attributes["gen_ai.input.messages"]|attributes["gen_ai.prompt"]|attributes["gen_ai.content.prompt"]',
      reply: 'attributes["gen_ai.output.messages"]|attributes["gen_ai.completion"]|attributes["gen_ai.content.completion"]',
      tokensIn: 'attributes["gen_ai.usage.input_tokens"]|attributes["gen_ai.usage.prompt_tokens"]',
      tokensOut: 'attributes["gen_ai.usage.output_tokens"]|attributes["gen_ai.usage.completion_tokens"]',
      latency: 'duration_ms',
      toolCalls: 'attributes["gen_ai.tool.calls"]',
    },
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
