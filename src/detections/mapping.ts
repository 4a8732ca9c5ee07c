import { z } from 'zod';
import { usageError } from '../errors.ts';
import { readSourceFile } from '../util/yaml-source.ts';
import { parseWith } from '../util/zod-input.ts';

/**
 * Which log field holds what, for the rules' field names: the logical fields `rampart monitor` reads (issue 13:
 * time, client, input, label, scores, prompt, completion, tokens, latency) plus the tool-call destinations an
 * agent's log records. A field the log does not have is left out, and the rules that need it are skipped.
 */
export const LOGICAL_FIELDS = ['time', 'client', 'input', 'label', 'scores', 'prompt', 'completion', 'tokens', 'latency', 'toolCalls'] as const;
export type LogicalField = (typeof LOGICAL_FIELDS)[number];

const FieldName = z.string().min(1).max(200);
const Fields = z.object(Object.fromEntries(LOGICAL_FIELDS.map((f) => [f, FieldName.optional()])) as Record<LogicalField, z.ZodOptional<typeof FieldName>>).strict();

const Logsource = z.object({ product: z.string().min(1).optional(), service: z.string().min(1).optional(), category: z.string().min(1).optional() }).strict();

/**
 * `rampart monitor`'s names for the same fields (src/monitor/event.ts), so its mapping files can be passed as they
 * are: `reply` is the completion, `tokensOut` the tokens; `tokensIn` has no rule that reads it.
 */
const MONITOR_ALIASES = { reply: 'completion', tokensOut: 'tokens', tokensIn: undefined } as const;
const MonitorFields = Fields.extend({ reply: FieldName.optional(), tokensOut: FieldName.optional(), tokensIn: FieldName.optional() });
/** A monitor mapping's own keys, which say how to read a log and mean nothing to a rule. */
const MonitorKeys = { preset: z.string().optional(), records: z.string().optional(), timeUnit: z.string().optional(), description: z.string().optional() };

/** A mapping file: `fields:` (or the fields at the top level) and an optional `logsource:`; a monitor mapping file too. */
const MappingFile = z.union([
  z.object({ name: z.string().optional(), fields: MonitorFields, logsource: Logsource.optional(), ...MonitorKeys }).strict(),
  MonitorFields.extend({ name: z.string().optional(), logsource: Logsource.optional() }).strict(),
]);

/** Monitor names to ours; a monitor path with alternatives (`client|target`) gives its first, the one Sigma names. */
function logicalFields(fields: Record<string, string | undefined>): LogMapping['fields'] {
  const out: Partial<Record<LogicalField, string>> = {};
  for (const [key, path] of Object.entries(fields)) {
    const field = key in MONITOR_ALIASES ? MONITOR_ALIASES[key as keyof typeof MONITOR_ALIASES] : (key as LogicalField);
    if (field === undefined || path === undefined || !(LOGICAL_FIELDS as readonly string[]).includes(field)) continue;
    out[field] ??= path.split('|')[0];
  }
  return out;
}

export interface LogMapping {
  name: string;
  fields: Partial<Record<LogicalField, string>>;
  logsource: { product?: string; service?: string; category?: string };
}

/**
 * The logsource every rule declares unless a mapping names its own: the inference log of an AI system. Sigma has
 * no taxonomy entry for it, so the category is ours (`ai_inference`) and the product names the logging side.
 */
export const DEFAULT_LOGSOURCE = { category: 'ai_inference', product: 'rampart' } as const;

/**
 * Presets. `rampart` is Rampart's own query logs (src/targets/query-log.ts and chat-guard.ts: one JSON line per
 * call, `messages[].content` and `reply` when content logging is on), which is what `rampart monitor` reads by
 * default; a gateway that logs under other names gets its own mapping file.
 */
export const MAPPING_PRESETS: Record<string, LogMapping> = {
  rampart: {
    name: 'rampart',
    fields: { time: 'time', client: 'target', input: 'x', label: 'labels', scores: 'scores', prompt: 'messages.content', completion: 'reply', tokens: 'completionTokens', latency: 'ms', toolCalls: 'toolCalls' },
    logsource: { ...DEFAULT_LOGSOURCE, service: 'query_log' },
  },
  'openai-gateway': {
    name: 'openai-gateway',
    fields: { time: 'timestamp', client: 'api_key_id', prompt: 'request.messages.content', completion: 'response.choices.message.content', tokens: 'response.usage.total_tokens', latency: 'latency_ms', toolCalls: 'response.choices.message.tool_calls.function.arguments' },
    logsource: { ...DEFAULT_LOGSOURCE, service: 'openai_gateway' },
  },
  'otel-genai': {
    name: 'otel-genai',
    fields: { time: 'startTime', client: 'attributes.user.id', prompt: 'attributes.gen_ai.prompt', completion: 'attributes.gen_ai.completion', tokens: 'attributes.gen_ai.usage.output_tokens', latency: 'attributes.duration_ms', toolCalls: 'attributes.gen_ai.tool.call.arguments' },
    logsource: { ...DEFAULT_LOGSOURCE, service: 'otel_genai' },
  },
  kserve: {
    name: 'kserve',
    fields: { time: 'time', client: 'client', input: 'request.inputs.data', label: 'response.outputs.data', scores: 'response.outputs.data', latency: 'latency_ms' },
    logsource: { ...DEFAULT_LOGSOURCE, service: 'kserve_payload' },
  },
};

export const DEFAULT_MAPPING = 'rampart';

/** A preset name, or a YAML/JSON mapping file. */
export async function loadMapping(spec: string | undefined): Promise<LogMapping> {
  const preset = MAPPING_PRESETS[spec ?? DEFAULT_MAPPING];
  if (preset) return preset;
  const looksLikeFile = spec !== undefined && /[./\\]/.test(spec);
  if (!looksLikeFile) throw usageError(`unknown mapping preset "${spec}"`, `use one of ${Object.keys(MAPPING_PRESETS).join(', ')}, or a mapping file (YAML or JSON)`);
  const source = await readSourceFile(spec, 'log field mapping');
  const parsed = parseWith(MappingFile, source, 'not a log field mapping', `a mapping names log fields for ${LOGICAL_FIELDS.join(', ')} (under \`fields:\`), e.g. "prompt: request.messages.content"`);
  const { name, logsource, ...rest } = parsed as { name?: string; logsource?: LogMapping['logsource']; fields?: Record<string, string> } & Record<string, string>;
  const fields = 'fields' in parsed && parsed.fields ? parsed.fields : rest;
  return { name: name ?? spec, fields: logicalFields(fields), logsource: { ...DEFAULT_LOGSOURCE, ...logsource } };
}
