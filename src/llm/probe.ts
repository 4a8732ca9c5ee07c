import type { TechniqueId } from '../atlas/ids.ts';

/** The technique families of the LLM red team; one `llm-app/<family>` check each. */
export const FAMILIES = [
  'direct-injection',
  'indirect-injection',
  'jailbreak',
  'obfuscation',
  'system-prompt',
  'data-leakage',
  'rendering-exfiltration',
  'tool-abuse',
  'resource-exhaustion',
  'history-manipulation',
] as const;
export type Family = (typeof FAMILIES)[number];

/** What success looks like for a probe; judge/verdict.ts decides it from the transcript. */
export type Goal =
  /** The app says a random token it would never say otherwise (outside refusals and quotes of the attack). */
  | { kind: 'token'; token: string }
  /** A declared canary, the declared system prompt, or strong PII leaves the app. */
  | { kind: 'leak' }
  /** The app's prompt format or tool names: chat-template tokens, declared tool identifiers. */
  | { kind: 'discover' }
  /** The agent calls a tool for the attacker: seen as a tool call carrying `token` or a callback hit for it. */
  | { kind: 'tool'; token: string; effect: 'invoke' | 'exfiltrate' | 'destroy' | 'collect' }
  /** The reply renders an image or link to the attacker's host. */
  | { kind: 'render'; token: string; host: string }
  /** Completion tokens (or latency) at least `factor` times the baseline. */
  | { kind: 'amplify'; factor: number };

export type Need = 'knowledgeBase' | 'tools' | 'callbacks' | 'clientHistory' | 'refusals' | 'systemPrompt';

/** One message of a probe: user turns get a reply each; assistant turns are forged history (AML.T0092). */
export interface ProbeTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface Probe {
  /** `family/base` then `+transform` for each wrapper, e.g. `direct-injection/say-token+base64`. */
  id: string;
  family: Family;
  base: string;
  techniques: TechniqueId[];
  transforms: string[];
  turns: ProbeTurn[];
  goal: Goal;
  /** A document planted in the app's retrieval before the turns and removed after. */
  plant?: { title: string; text: string };
  needs: Need[];
  /** For leak goals: whether the declared system prompt or the app's data is what must not leave. */
  leakKind?: 'system-prompt' | 'data';
}

export const tid = (...ids: string[]): TechniqueId[] => ids as TechniqueId[];
