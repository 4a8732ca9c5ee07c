/**
 * One inference as the detectors see it, whatever the log looked like: the mapping (mapping.ts) turns a log
 * record into one event per input it carried (a batched call becomes several events, one line number).
 */
export interface InferenceEvent {
  /** The file it came from (`-` for standard input) and its 1-based line. */
  source: string;
  line: number;
  /** Milliseconds since the epoch; absent when the log gives no usable time. */
  time?: number;
  /** API key, user, account or address: whoever the log says sent it (`unknown` when it says nothing). */
  client: string;
  /** A numeric input vector (tabular features, pixels, an embedding). */
  input?: Float64Array;
  /** The text of the prompt (user and tool messages joined). */
  prompt?: string;
  /** The system and developer messages of the same request, when the prompt field carries them (chat messages). */
  system?: string;
  /** The predicted label, or the index of the top score. */
  label?: string;
  scores?: number[];
  reply?: string;
  tokensIn?: number;
  tokensOut?: number;
  latencyMs?: number;
  /** Tool calls in the reply: name and arguments as text. */
  toolCalls?: { name: string; arguments: string }[];
}

/** The log fields a detector reads; the other engineer's Sigma rules name them through the mapping. */
export const EVENT_FIELDS = ['time', 'client', 'input', 'prompt', 'label', 'scores', 'reply', 'tokensIn', 'tokensOut', 'latency', 'toolCalls'] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

/** A pointer back into the log: what an alert cites as evidence. */
export interface EventRef {
  source: string;
  line: number;
  time?: number;
  /** A short description of the event (label, tokens, a prompt excerpt). */
  note?: string;
}

/**
 * Made by `new`, not as an object literal, as event-trail.ts's slots are: V8 tracks a literal's allocation site and,
 * once the references it made outlived a few collections (kept as evidence, ~the bench's 100,000th event), allocated
 * them in the old space and threw away every compiled function inlining it (membership's and extraction's observe).
 * Objects made by `new` have no allocation site. `time` and `note` are declared, not defined: absent until set, as
 * the literal's were.
 */
class Ref implements EventRef {
  declare time?: number;
  declare note?: string;
  constructor(
    readonly source: string,
    readonly line: number,
  ) {}
}

/** Fields set one by one, in the order the spread used to give them: spreading made two objects more per reference. */
export function refOf(event: InferenceEvent, note?: string): EventRef {
  const ref: EventRef = new Ref(event.source, event.line);
  if (event.time !== undefined) ref.time = event.time;
  if (note) ref.note = note;
  return ref;
}
