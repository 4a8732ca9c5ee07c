import type { LogicalField } from '../mapping.ts';
import { AMPLIFY_RE, BULK_SECRETS_RE, SETUP_RE, DECODE_AND_ACT, ENCODED_CORE, EXTRACTION_RES, FAKE_BLOCK_RES, hex, HOMOGLYPH_RE, IMAGE_PLACEHOLDER_RE, INJECTION_RES, JAILBREAK_PHRASES, JAILBREAK_RES, LEET_RE, MANY_SHOT_RE, OTHER_LANGUAGE_RES, OVERRIDE_OTHER_LANGUAGES, OVERRIDE_RE, PLANTED, PROMPT_REQUESTS, ROT13_CORE, SPLIT_RE, SPLIT_TURNS, TAGS_RE, TOLD_RE, TOOL_TEMPLATE_RES } from './prompt-patterns.ts';
import { IMAGE_EXFIL_RES, PROMPT_ECHO_RE, SECRET_RES, unexpectedUrlRe } from './output-patterns.ts';

export type Level = 'informational' | 'low' | 'medium' | 'high' | 'critical';

/** What a rule needs from the finding: the log's field names, the organisation's canaries and expected hosts. */
export interface RuleContext {
  field: (name: LogicalField) => string;
  canaries: readonly string[];
  allowedHosts: readonly string[];
}

export interface CorrelationDraft {
  type: 'event_count' | 'value_sum';
  groupBy: LogicalField[];
  timespan: string;
  gte: number;
  /** value_sum: the field summed. */
  sum?: LogicalField;
}

/**
 * One rule Rampart can write: a detection over single events and, for volumes, a correlation over it. `needs`
 * are the logical fields it reads; a mapping without one of them skips the rule (and says so).
 */
export interface RuleDraft {
  key: string;
  title: string;
  description: string;
  level: Level;
  needs: LogicalField[];
  detection: (ctx: RuleContext) => Record<string, unknown>;
  falsepositives: string[];
  correlation?: CorrelationDraft;
  /** Only when the context has canaries. */
  needsCanaries?: boolean;
}

const APPROXIMATION = 'Sigma cannot express the distance-distribution tests that detect this (PRADA, Blacklight; `rampart monitor` runs them): this correlation approximates them by volume per client, so tune the threshold to your baseline.';

const or = (...names: string[]) => names.join(' or ');

export const RULES: Record<string, RuleDraft> = {
  'prompt-injection': {
    key: 'prompt-injection',
    title: 'LLM prompt injection: instruction override in a prompt',
    description: 'A prompt (or a document retrieved into it) tells the model to ignore its previous instructions, in English or another language, or addresses the AI reading a document.',
    level: 'high',
    needs: ['prompt'],
    detection: ({ field }) => ({
      selection_override: { [`${field('prompt')}|re|i`]: [OVERRIDE_RE, TOLD_RE, ...INJECTION_RES] },
      selection_blocks: { [`${field('prompt')}|re|i|m`]: FAKE_BLOCK_RES },
      selection_image: { [`${field('prompt')}|re`]: IMAGE_PLACEHOLDER_RE },
      selection_languages: { [`${field('prompt')}|contains`]: OVERRIDE_OTHER_LANGUAGES },
      selection_languages_re: { [`${field('prompt')}|re|i`]: OTHER_LANGUAGE_RES },
      selection_planted: { [`${field('prompt')}|contains`]: PLANTED },
      condition: '1 of selection_*',
    }),
    falsepositives: ['Users quoting injection examples, e.g. security training or discussions of prompt injection'],
  },
  jailbreak: {
    key: 'jailbreak',
    title: 'LLM jailbreak: persona, refusal suppression or many-shot frame in a prompt',
    description: 'A prompt wraps its request in a jailbreak frame: a persona without rules, instructions not to refuse or warn, a forced reply prefix, fiction wrappers, many faked dialogue turns, or a request split into parts to join.',
    level: 'high',
    needs: ['prompt'],
    detection: ({ field }) => ({
      selection_phrases: { [`${field('prompt')}|contains`]: JAILBREAK_PHRASES },
      selection_frames: { [`${field('prompt')}|re|i`]: JAILBREAK_RES },
      selection_many_shot: { [`${field('prompt')}|re`]: MANY_SHOT_RE },
      selection_split: [{ [`${field('prompt')}|re`]: SPLIT_RE }, { [`${field('prompt')}|contains`]: SPLIT_TURNS }],
      condition: '1 of selection_*',
    }),
    falsepositives: ['Creative-writing requests that mention role-play or staying in character'],
  },
  'prompt-obfuscation': {
    key: 'prompt-obfuscation',
    title: 'LLM prompt obfuscation: encoded or hidden instructions in a prompt',
    description: 'An override instruction hidden by encoding (base64 at any offset, hex, ROT13, leetspeak), by Cyrillic look-alike letters, by invisible Unicode tag characters, or by a language other than English, or a request to decode a message and act on it.',
    level: 'high',
    needs: ['prompt'],
    detection: ({ field }) => ({
      selection_base64: { [`${field('prompt')}|base64offset|contains`]: ENCODED_CORE },
      selection_hex: { [`${field('prompt')}|contains`]: ENCODED_CORE.slice(0, 3).map(hex) },
      selection_rot13: { [`${field('prompt')}|contains`]: ROT13_CORE },
      selection_leet: { [`${field('prompt')}|re|i`]: LEET_RE },
      selection_homoglyph: { [`${field('prompt')}|re`]: HOMOGLYPH_RE },
      selection_tags: { [`${field('prompt')}|re`]: TAGS_RE },
      selection_decode: { [`${field('prompt')}|contains`]: DECODE_AND_ACT },
      selection_template: { [`${field('prompt')}|re|i`]: TOOL_TEMPLATE_RES },
      selection_language: { [`${field('prompt')}|contains`]: OVERRIDE_OTHER_LANGUAGES },
      condition: '1 of selection_*',
    }),
    falsepositives: ['Users who write in scripts mixing Latin and Cyrillic within words (rare)'],
  },
  'system-prompt-request': {
    key: 'system-prompt-request',
    title: 'LLM system prompt extraction: a prompt asks for the instructions above',
    description: 'A prompt asks the model to print its system prompt, repeat the text above the conversation, or show its special tokens and tool names.',
    level: 'medium',
    needs: ['prompt'],
    detection: ({ field }) => ({ selection_phrases: { [`${field('prompt')}|contains`]: PROMPT_REQUESTS }, selection_setup: { [`${field('prompt')}|re|i`]: [SETUP_RE, ...EXTRACTION_RES] }, condition: '1 of selection_*' }),
    falsepositives: ['Developers of the application testing it'],
  },
  'system-prompt-leak': {
    key: 'system-prompt-leak',
    title: 'LLM system prompt leaked in a reply',
    description: 'A reply recites a system prompt ("You are a … assistant … never …"), or contains a canary planted in the system prompt, plainly or base64-encoded.',
    level: 'high',
    needs: ['completion'],
    detection: ({ field, canaries }) => ({
      selection_echo: { [`${field('completion')}|re|i`]: PROMPT_ECHO_RE },
      ...(canaries.length > 0 ? { selection_canary: { [`${field('completion')}|contains`]: [...canaries] }, selection_canary_base64: { [`${field('completion')}|base64offset|contains`]: [...canaries] } } : {}),
      condition: '1 of selection_*',
    }),
    falsepositives: ['Replies that describe the assistant in the second person'],
  },
  'data-leak': {
    key: 'data-leak',
    title: 'LLM data leakage: credentials or canaries in a reply',
    description: 'A reply contains a credential in a documented format (cloud access key, private key, API token, "password: …") or a canary planted in the data the model can reach, plainly or base64-encoded.',
    level: 'critical',
    needs: ['completion'],
    detection: ({ field, canaries }) => ({
      selection_secret: { [`${field('completion')}|re`]: SECRET_RES },
      ...(canaries.length > 0 ? { selection_canary: { [`${field('completion')}|contains`]: [...canaries] }, selection_canary_base64: { [`${field('completion')}|base64offset|contains`]: [...canaries] } } : {}),
      condition: '1 of selection_*',
    }),
    falsepositives: ['Documentation replies that show example keys in these formats'],
  },
  'data-request': {
    key: 'data-request',
    title: 'LLM data leakage: a prompt asks for every secret or record at once',
    description: 'A prompt asks the model to list, print or paste every code, password, hostname, key or customer record it knows.',
    level: 'medium',
    needs: ['prompt'],
    detection: ({ field }) => ({ selection: { [`${field('prompt')}|re|i`]: BULK_SECRETS_RE }, condition: 'selection' }),
    falsepositives: ['Administrators asking an internal assistant for an inventory'],
  },
  'amplification-request': {
    key: 'amplification-request',
    title: 'Cost harvesting: a prompt asks for output repeated hundreds of times',
    description: 'A prompt asks the model to repeat or generate something hundreds of times or more, or without stopping: a resource-intensive query by design.',
    level: 'medium',
    needs: ['prompt'],
    detection: ({ field }) => ({ selection: { [`${field('prompt')}|re|i`]: AMPLIFY_RE }, condition: 'selection' }),
    falsepositives: ['Test-data generation requests'],
  },
  'rendering-exfiltration': {
    key: 'rendering-exfiltration',
    title: 'LLM response rendering: image URL carrying data in a reply',
    description: 'A reply contains a markdown or HTML image whose URL has a query string: rendering it sends the data to that host.',
    level: 'high',
    needs: ['completion'],
    detection: ({ field }) => ({ selection: { [`${field('completion')}|re|i`]: IMAGE_EXFIL_RES }, condition: 'selection' }),
    falsepositives: ['Replies that embed tracking-free images with query parameters from the organisation\'s own CDN'],
  },
  'tool-destination': {
    key: 'tool-destination',
    title: 'AI agent tool call to an unexpected destination',
    description: "A tool call's arguments name a URL on a host outside the asset's own endpoints and the destinations its owner expects.",
    level: 'high',
    needs: ['toolCalls'],
    detection: ({ field, allowedHosts }) => ({ selection: { [`${field('toolCalls')}|re|i`]: unexpectedUrlRe(allowedHosts) }, condition: 'selection' }),
    falsepositives: ['A new legitimate integration not yet in the allowed destinations (pass it with --allow-destination)'],
  },
  flood: {
    key: 'flood',
    title: 'Flood of inference requests from one client',
    description: 'One client sends 600 or more requests within a minute: denial of service, chaff, or cost harvesting by volume.',
    level: 'high',
    needs: ['client', 'time'],
    detection: ({ field }) => ({ selection: { [`${field('client')}|exists`]: true }, condition: 'selection' }),
    falsepositives: ['Batch jobs of the organisation that share one client id'],
    correlation: { type: 'event_count', groupBy: ['client'], timespan: '1m', gte: 600 },
  },
  'resource-intensive': {
    key: 'resource-intensive',
    title: 'Resource-intensive inference requests',
    description: 'A request that costs far more than usual: a very long generation (4,000 tokens or more) or a response that took 30 seconds or longer (sponge inputs).',
    level: 'medium',
    needs: ['tokens', 'latency'],
    detection: ({ field }) => ({ selection_tokens: { [`${field('tokens')}|gte`]: 4000 }, selection_latency: { [`${field('latency')}|gte`]: 30000 }, condition: or('selection_tokens', 'selection_latency') }),
    falsepositives: ['Long-document summarisation that legitimately produces long answers'],
  },
  'token-burn': {
    key: 'token-burn',
    title: 'Cost harvesting: tokens per client per hour',
    description: 'One client consumes 200,000 tokens or more within an hour.',
    level: 'high',
    needs: ['client', 'time', 'tokens'],
    detection: ({ field }) => ({ selection: { [`${field('tokens')}|gte`]: 0 }, condition: 'selection' }),
    falsepositives: ['Heavy but legitimate users; set the threshold above their hourly usage'],
    correlation: { type: 'value_sum', groupBy: ['client'], timespan: '1h', gte: 200000, sum: 'tokens' },
  },
  'extraction-volume': {
    key: 'extraction-volume',
    title: 'Model extraction: query volume per client',
    description: `One client sends 1,000 or more inference queries within an hour, as model extraction and proxy-model training do. ${APPROXIMATION}`,
    level: 'medium',
    needs: ['client', 'time'],
    detection: ({ field }) => ({ selection: { [`${field('client')}|exists`]: true }, condition: 'selection' }),
    falsepositives: ['Integration partners with high steady volume'],
    correlation: { type: 'event_count', groupBy: ['client'], timespan: '1h', gte: 1000 },
  },
  'extraction-slow': {
    key: 'extraction-slow',
    title: 'Slow model extraction: query volume per client per day',
    description: `One client sends 5,000 or more inference queries within a day, under any per-minute limit. ${APPROXIMATION}`,
    level: 'low',
    needs: ['client', 'time'],
    detection: ({ field }) => ({ selection: { [`${field('client')}|exists`]: true }, condition: 'selection' }),
    falsepositives: ['Integration partners with high steady volume'],
    correlation: { type: 'event_count', groupBy: ['client'], timespan: '24h', gte: 5000 },
  },
  'membership-probing': {
    key: 'membership-probing',
    title: 'Membership inference: many queries with the same answer from one client',
    description: `One client receives the same label 200 or more times within ten minutes, as the noisy copies around one record in a membership-inference attack do. ${APPROXIMATION}`,
    level: 'medium',
    needs: ['client', 'time', 'label'],
    detection: ({ field }) => ({ selection: { [`${field('label')}|exists`]: true }, condition: 'selection' }),
    falsepositives: ['Clients whose traffic is dominated by one class (e.g. "not fraud")'],
    correlation: { type: 'event_count', groupBy: ['client', 'label'], timespan: '10m', gte: 200 },
  },
  'evasion-search': {
    key: 'evasion-search',
    title: 'Query-based evasion search: burst of queries from one client',
    description: `One client sends 300 or more queries within ten minutes, as boundary-search and score-based evasion attacks (HopSkipJump, SimBA) do while they look for an adversarial example. ${APPROXIMATION}`,
    level: 'medium',
    needs: ['client', 'time'],
    detection: ({ field }) => ({ selection: { [`${field('client')}|exists`]: true }, condition: 'selection' }),
    falsepositives: ['Interactive tools that re-score as the user types'],
    correlation: { type: 'event_count', groupBy: ['client'], timespan: '10m', gte: 300 },
  },
};

/** Which rules reveal each technique in an inference log. A technique absent here is not a log's to reveal. */
export const RULES_BY_TECHNIQUE: Record<string, readonly string[]> = {
  'AML.T0051': ['prompt-injection'],
  'AML.T0051.000': ['prompt-injection'],
  'AML.T0051.001': ['prompt-injection'],
  'AML.T0054': ['jailbreak'],
  'AML.T0068': ['prompt-obfuscation'],
  'AML.T0056': ['system-prompt-request', 'system-prompt-leak'],
  'AML.T0069': ['system-prompt-request'],
  'AML.T0069.000': ['system-prompt-request'],
  'AML.T0069.001': ['system-prompt-request'],
  'AML.T0069.002': ['system-prompt-request', 'system-prompt-leak'],
  'AML.T0057': ['data-request', 'data-leak'],
  'AML.T0077': ['rendering-exfiltration'],
  'AML.T0086': ['tool-destination'],
  'AML.T0053': ['tool-destination'],
  'AML.T0029': ['flood'],
  'AML.T0046': ['flood'],
  'AML.T0034': ['flood', 'resource-intensive', 'token-burn', 'amplification-request'],
  'AML.T0034.000': ['flood'],
  'AML.T0034.001': ['resource-intensive', 'token-burn', 'amplification-request'],
  'AML.T0024': ['extraction-volume', 'extraction-slow'],
  'AML.T0024.002': ['extraction-volume', 'extraction-slow'],
  'AML.T0024.001': ['extraction-volume'],
  'AML.T0005': ['extraction-volume', 'extraction-slow'],
  'AML.T0005.001': ['extraction-volume', 'extraction-slow'],
  'AML.T0040': ['extraction-volume'],
  'AML.T0024.000': ['membership-probing'],
  'AML.T0043': ['evasion-search'],
  'AML.T0043.001': ['evasion-search'],
  'AML.T0015': ['evasion-search'],
  'AML.T0042': ['evasion-search'],
};
