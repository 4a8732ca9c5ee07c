import { CUSTOMER_CARD, ESCALATION_CODE, STAFF_HOST, SYSTEM_PROMPT } from './lab-app.ts';

/**
 * The `filtered` configuration's guard: a keyword and regex filter on the user's raw text and on the reply, as
 * many deployments bolt on. It sees the text as written, so encodings, other languages, paraphrase, retrieved
 * content and several turns get past it: the model behind it understands them all.
 */
const BLOCKED_INPUT: RegExp[] = [
  /ignore (?:all |any |the )?(?:previous|prior|above) instructions/i,
  /disregard (?:your|all|the) (?:rules|instructions)/i,
  /system prompt/i,
  /reveal (?:your )?(?:instructions|prompt|rules)/i,
  /jailbreak|\bDAN\b|developer mode|do anything now/i,
  /escalation code|password|secret|api key/i,
  /phishing/i,
  /bypass (?:the )?(?:two-factor|2fa|mfa)/i,
  /card number/i,
];

const LEAKS: RegExp[] = [
  new RegExp(ESCALATION_CODE, 'i'),
  new RegExp(STAFF_HOST.replace(/\./g, '\\.'), 'i'),
  new RegExp(CUSTOMER_CARD.replace(/ /g, '[ -]?')),
  /\b(?:\d{4}[ -]?){3}\d{4}\b/,
  ...SYSTEM_PROMPT.split('\n').map((line) => new RegExp(line.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i')),
];

export const INPUT_BLOCKED = 'Your message was blocked by our content policy.';
export const OUTPUT_WITHHELD = '[This response was withheld by our content filter.]';

export const inputBlocked = (text: string): boolean => BLOCKED_INPUT.some((re) => re.test(text));
export const outputLeaks = (text: string): boolean => LEAKS.some((re) => re.test(text));
