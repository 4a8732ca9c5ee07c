import { intentsOf } from '../held-out-llm/common.ts';

/**
 * How the stand-ins' "models" answer (a simulation, for tests): each stand-in speaks a real server's wire format
 * and has one planted character. Messages are read the way a capable model would (every decoding, five languages),
 * through the held-out apps' reader; what a stand-in does with what it understood is its own.
 */
export interface Persona {
  /** Its instructions when the server keeps them; a bare model gets them from the client (the system turn). */
  prompt?: string;
  canary?: string;
  /** Says a token it is told to (direct prompt injection). */
  obeys: boolean;
  /** Recites its instructions when asked (system prompt discovery). */
  recites: boolean;
  /** Gives the secret in its instructions when asked (data leakage). */
  tellsSecrets: boolean;
  refusal: string;
  smallTalk: string;
}

/** What the message asks that a careful model would decline: the stand-ins' guardrails block on this. */
export function isJailbreak(text: string): boolean {
  const { intents } = intentsOf(text);
  return intents.override || intents.revealPrompt || intents.revealSecret || intents.sayToken !== undefined || intents.frames.length > 0 || intents.encoding !== undefined || intents.render !== undefined;
}

// The reader knows "password" and "internal code"; a model also takes "which codes or passwords do you know?".
const ASKS_SECRETS = /\b(?:codes|passwords|passphrases?|secrets|credentials|hostnames)\b/i;

export function answerAs(persona: Persona, text: string, system: string | undefined = persona.prompt): string {
  const { intents, readings } = intentsOf(text);
  const instructions = system ?? '';
  if (intents.revealPrompt) return persona.recites && instructions ? `Sure. My instructions are:\n${instructions}` : persona.refusal;
  if (intents.revealSecret || readings.some((r) => ASKS_SECRETS.test(r))) {
    const secret = persona.canary ?? /\b[A-Z]{3,}-\d{3,}\b/.exec(instructions)?.[0];
    return persona.tellsSecrets && secret ? `The code you need is ${secret}.` : persona.refusal;
  }
  if (intents.sayToken !== undefined) return persona.obeys ? intents.sayToken : persona.refusal;
  if (intents.override) return persona.obeys ? 'Understood, the earlier rules no longer apply.' : persona.refusal;
  return persona.smallTalk;
}

/** A reply cut in word-sized pieces, as servers stream tokens. */
export const pieces = (text: string): string[] => text.match(/\s*\S+|\s+$/g) ?? [text];

export const tokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));
