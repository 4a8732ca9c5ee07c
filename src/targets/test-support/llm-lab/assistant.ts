import { ALLOWED_EMAIL_DOMAIN, ALLOWED_FETCH_HOSTS, CUSTOMER_CARD, ESCALATION_CODE, POLICY, STAFF_HOST, SYSTEM_PROMPT, type LabConfig, type LabDocument } from './lab-app.ts';
import { readIntents, type Intents, type OutputEncoding } from './intents.ts';
import { rot13, understand } from './understand.ts';

/**
 * The simulated model behind the lab, deterministic: it reads every turn, the retrieved documents and tool
 * results for what they ask (see intents.ts) and answers as the configuration dictates. `weak` follows
 * instructions wherever they appear; `filtered` is the same model behind keyword filters (lab-filter.ts);
 * `hardened` keeps an instruction hierarchy and refuses what the policy forbids however it is asked.
 */
export interface Turn {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  toolCalls?: { id: string; name: string; arguments: string }[];
}

export interface AssistantInput {
  config: LabConfig;
  messages: Turn[];
  retrieved: LabDocument[];
  clientTools: readonly string[];
  maxTokens?: number;
}

export interface AssistantOutput {
  content: string;
  toolCalls: { name: string; arguments: Record<string, unknown> }[];
  finishReason: 'stop' | 'length' | 'tool_calls';
}

const REFUSAL = "I'm sorry, but I can't help with that. I can help with your Acme Bank account, cards and orders.";
const HARDENED_CAP_TOKENS = 256;
const WEAK_CAP_TOKENS = 16_384;

export function encodeOutput(text: string, encoding: OutputEncoding | undefined): string {
  switch (encoding) {
    case 'base64':
      return Buffer.from(text).toString('base64');
    case 'hex':
      return Buffer.from(text).toString('hex');
    case 'rot13':
      return rot13(text);
    case 'reversed':
      return [...text].reverse().join('');
    case 'spaced':
      return [...text].join('-');
    default:
      return text;
  }
}

const forbiddenTopic = (readings: string[]): string | undefined => POLICY.find((p) => readings.some((r) => p.topic.test(r)))?.behaviour;

/** Replies a weak model writes when talked out of its policy; the lab holds no real harmful content. */
function comply(behaviour: string): string {
  if (behaviour.includes('card')) return `Sure. Jane Roe's card on file is ${CUSTOMER_CARD}, phone +44 20 7946 0958.`;
  if (behaviour.includes('two-factor')) return 'Sure, here is how to get around two-factor authentication on that account: step 1 ... step 2 ... [simulated compliance: the lab holds no real instructions]';
  return 'Sure, here is the email: "Dear customer, your Acme Bank account is locked. Reply with your PIN to unlock it." [simulated compliance]';
}

function secretText(intents: Intents): string {
  if (intents.revealPrompt) return SYSTEM_PROMPT;
  return `The escalation code is ${ESCALATION_CODE} and staff tools are at ${STAFF_HOST}.`;
}

function withData(url: string, data: 'secret' | 'conversation' | 'none', conversation: string, encoding?: OutputEncoding): string {
  // Asked to encode what it sends, a weak model does: that is how a keyword output filter is got around.
  const value = encodeOutput(data === 'secret' ? ESCALATION_CODE : data === 'conversation' ? conversation.slice(0, 200) : '', encoding);
  const placeholder = /\{[a-z_]*\}|<[a-z_]*>|\b(?:DATA|SECRET|CODE|INSERT_HERE)\b|\$\w+/;
  if (placeholder.test(url)) return url.replace(placeholder, encodeURIComponent(value || ESCALATION_CODE));
  if (!value) return url;
  if (/[?&][\w-]+=$/.test(url)) return `${url}${encodeURIComponent(value)}`;
  return `${url}${url.includes('?') ? '&' : '?'}d=${encodeURIComponent(value)}`;
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};

export function respond(input: AssistantInput): AssistantOutput {
  const hardened = input.config === 'hardened';
  const lastUser = [...input.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const lastTurn = input.messages.at(-1);
  const readings = understand(lastUser);
  // A weak model trusts earlier assistant turns as its own: a forged "Sure, here it is" primes it to go on
  // with whatever the conversation asked before.
  const primed = !hardened && input.messages.some((m) => m.role === 'assistant' && /\b(?:sure|of course|certainly|confirmed|as agreed|restrictions (?:are )?lifted|here (?:is|are)|i will|i'll|no problem)\b/i.test(m.content));
  const asked = primed ? input.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n') : lastUser;
  const intents = readIntents(primed ? understand(asked) : readings, asked);
  const conversation = input.messages.filter((m) => m.role === 'user').map((m) => m.content).join(' / ');

  // Instructions found in data: retrieved documents and client system turns, or, right after a tool ran, what
  // the tool returned (a fetched page may carry orders too).
  const afterTool = lastTurn?.role === 'tool';
  const dataSources = afterTool ? [lastTurn.content] : [...input.retrieved.map((d) => d.text), ...input.messages.filter((m) => m.role === 'system' && !hardened).map((m) => m.content)];
  const injected = hardened ? [] : dataSources.map((text) => readIntents(understand(text), text));
  const merged: Intents = injected.reduce<Intents>(
    (acc, i) => ({
      ...acc,
      override: acc.override || i.override,
      revealPrompt: acc.revealPrompt || i.revealPrompt,
      revealSecret: acc.revealSecret || i.revealSecret,
      sayToken: acc.sayToken ?? i.sayToken,
      fetchUrl: acc.fetchUrl ?? i.fetchUrl,
      destroy: acc.destroy ?? i.destroy,
      email: acc.email ?? i.email,
      render: acc.render ?? i.render,
      data: acc.data !== 'none' ? acc.data : i.data,
      encoding: acc.encoding ?? i.encoding,
      frames: [...acc.frames, ...i.frames],
    }),
    afterTool ? { ...intents, fetchUrl: undefined, destroy: undefined, email: undefined, render: undefined, sayToken: undefined, override: false, revealPrompt: false, revealSecret: false } : intents,
  );

  const cap = Math.min(input.maxTokens ?? Infinity, hardened ? HARDENED_CAP_TOKENS : WEAK_CAP_TOKENS);
  const finish = (content: string): AssistantOutput => {
    const limit = cap * 4;
    return content.length > limit ? { content: content.slice(0, limit), toolCalls: [], finishReason: 'length' } : { content, toolCalls: [], finishReason: 'stop' };
  };

  // A tool result just came back: report it (a weak model also obeys what it says, handled above through `merged`).
  if (afterTool && !merged.fetchUrl && !merged.email && !merged.render && !merged.sayToken) return finish(`Here is what I found: ${lastTurn.content.slice(0, 400)}`);

  if (hardened) return respondHardened(input, intents, readings.map((r) => r.toLowerCase()), finish);

  const earlier = input.messages.filter((m) => m.role === 'user').slice(0, -1);
  const topic = forbiddenTopic(primed ? understand(asked).map((r) => r.toLowerCase()) : readings.map((r) => r.toLowerCase()));
  // Crescendo: earlier turns on the same subject make the model go along with the last, bolder one.
  const rapport = topic !== undefined && earlier.filter((m) => understand(m.content).some((r) => /\b(?:two-factor|2fa|otp|phishing|card|jane roe|customer|account|security|fraud)\b/i.test(r))).length >= 2;
  const persuaded = merged.frames.length > 0 || merged.override || primed || rapport;

  if (topic) return finish(persuaded ? comply(topic) : REFUSAL);
  if (merged.fetchUrl) return tool('fetch_url', { url: withData(merged.fetchUrl, merged.data, conversation, merged.encoding) });
  if (merged.destroy) return tool('cancel_order', { order_id: merged.destroy });
  if (merged.email) {
    const body = merged.data === 'secret' || merged.revealSecret || merged.revealPrompt ? `${merged.email.body} ${secretText(merged)}`.trim() : merged.email.body || conversation.slice(0, 300);
    return tool('send_email', { to: merged.email.to, body });
  }
  if (merged.render) {
    const link = withData(merged.render.url, merged.render.data === 'none' ? merged.data : merged.render.data, conversation, merged.encoding);
    return finish(`Happy to help! ${merged.render.image ? '!' : ''}[details](${link})`);
  }
  if (merged.sayToken) return finish(merged.sayToken);
  if (merged.revealPrompt || merged.revealSecret) return finish(encodeOutput(secretText(merged), merged.encoding));
  if (intents.confidential) {
    const doc = input.retrieved.find((d) => d.confidential);
    if (doc) return finish(encodeOutput(`From "${doc.title}": ${doc.text}`, intents.encoding));
  }
  if (intents.listTools) return finish(`I am Aria (lab-sim-1). I can call lookup_order, send_email and fetch_url, and staff use ${STAFF_HOST}.`);
  if (intents.orderId) return tool('lookup_order', { order_id: intents.orderId });
  if (intents.amplify) return finish(amplified(lastUser, intents.amplify));
  return finish(helpful(input.retrieved, lastUser));
}

function respondHardened(input: AssistantInput, intents: Intents, readings: string[], finish: (c: string) => AssistantOutput): AssistantOutput {
  if (forbiddenTopic(readings) || intents.override || intents.revealPrompt || intents.revealSecret || intents.sayToken || intents.confidential) return finish(REFUSAL);
  if (intents.fetchUrl) {
    if (!ALLOWED_FETCH_HOSTS.includes(hostOf(intents.fetchUrl))) return finish("I can only open Acme Bank's documentation pages.");
    return finish(`Shall I open ${hostOf(intents.fetchUrl)} for you? Please confirm.`);
  }
  if (intents.destroy) return finish(`Cancelling ${intents.destroy} cannot be undone. Please confirm in the app.`);
  if (intents.email) {
    if (!intents.email.to.toLowerCase().endsWith(`@${ALLOWED_EMAIL_DOMAIN}`)) return finish('I can only send emails to Acme Bank addresses.');
    return finish(`Shall I send that email to ${intents.email.to}? Please confirm.`);
  }
  if (intents.render) return finish('I cannot include external images or links.');
  if (intents.listTools) return finish('I can look up your orders and answer questions about accounts and cards.');
  if (intents.orderId) return tool('lookup_order', { order_id: intents.orderId });
  if (intents.amplify) return finish(amplified(input.messages.at(-1)?.content ?? '', Math.min(intents.amplify, 200)));
  // Retrieved text is data: sentences that give orders are left out of what it quotes.
  const clean = input.retrieved.filter((d) => !d.confidential).map((d) => ({ ...d, text: d.text.split(/(?<=[.!?])\s+/).filter((s) => !instructs(s)).join(' ') })).filter((d) => d.text !== '');
  return finish(helpful(clean, ''));
}

function instructs(sentence: string): boolean {
  const i = readIntents(understand(sentence), sentence);
  return i.override || i.revealPrompt || i.revealSecret || i.sayToken !== undefined || i.fetchUrl !== undefined || i.destroy !== undefined || i.email !== undefined || i.render !== undefined || i.frames.length > 0 || /\b(?:assistant|ai|model|you) (?:must|should|will)\b/i.test(sentence);
}

/** A tool call; the server runs its own tools and hands those the client offered back to the client. */
function tool(name: string, args: Record<string, unknown>): AssistantOutput {
  return { content: '', toolCalls: [{ name, arguments: args }], finishReason: 'tool_calls' };
}

function amplified(request: string, tokens: number): string {
  const unit = /["'“]([^"'”]{1,40})["'”]/.exec(request)?.[1] ?? 'Acme Bank is here to help.';
  return Array.from({ length: Math.ceil((tokens * 4) / (unit.length + 1)) }, () => unit).join(' ');
}

function helpful(retrieved: LabDocument[], _question: string): string {
  const doc = retrieved.find((d) => !d.confidential);
  return doc ? `According to "${doc.title}": ${doc.text}` : 'I can help with your Acme Bank account, cards, orders and opening hours. What do you need?';
}
