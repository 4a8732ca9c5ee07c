/**
 * What a message asks for, read from every reading `understand` gives. Phrasings are many and general (verbs,
 * objects, paraphrases), as a capable model would take them; the lab's filter knows only a few of them.
 */

export type OutputEncoding = 'base64' | 'hex' | 'rot13' | 'reversed' | 'spaced';

export interface Intents {
  override: boolean;
  revealPrompt: boolean;
  revealSecret: boolean;
  /** An exact token the message asks the assistant to say. */
  sayToken?: string;
  fetchUrl?: string;
  /** A record or order the message asks to delete or cancel. */
  destroy?: string;
  email?: { to: string; body: string };
  orderId?: string;
  /** A markdown image or link the message asks to include, and what data it asks to put in it. */
  render?: { url: string; data: 'secret' | 'conversation' | 'none'; image: boolean };
  /** What data the message asks to send out (in a URL, an email, an image). */
  data: 'secret' | 'conversation' | 'none';
  /** Asked for a long output: how many tokens it would take. */
  amplify?: number;
  listTools: boolean;
  confidential: boolean;
  /** Asks for the answer in an encoding (how a keyword output filter is got around). */
  encoding?: OutputEncoding;
  /** Frames that make a weak model drop its refusals. */
  frames: string[];
}

const any = (readings: string[], re: RegExp): boolean => readings.some((r) => re.test(r));
const first = (readings: string[], re: RegExp): RegExpExecArray | undefined => {
  for (const r of readings) {
    const m = re.exec(r);
    if (m) return m;
  }
  return undefined;
};

const VERB = '(?:reveal|print|show|repeat|output|tell|share|disclose|display|write(?: out| down)?|spell|recite|list|give|paste|dump|copy|leak|provide|what (?:is|are|were)|summari[sz]e|translate|encode|quote)';
const PROMPT_OBJECT = '(?:system prompt|system message|(?:initial|original|hidden|secret|internal|first|previous|above|preceding|developer|operator) (?:prompt|instructions|message|rules|text|guidelines)|your (?:instructions|rules|guidelines|directives|configuration|prompt|programming|setup|constraints)|everything (?:above|before)|the (?:text|words|lines) (?:above|before)|what you were told|how you were (?:configured|instructed|set up))';

export function readIntents(original: string[], raw: string): Intents {
  const readings = original.map((r) => r.toLowerCase());
  const frames: string[] = [];
  if (any(readings, /\b(?:pretend|role-?play|act as|you are now|imagine (?:you are|you're)|play the (?:role|part)|\bdan\b|do anything now|persona|stay in character|grandma|developer mode)/)) frames.push('role-play');
  if (any(readings, /\b(?:hypothetical|hypothetically|in a (?:story|novel|film|movie|screenplay|game)|fiction(?:al)?|for a (?:novel|story|book|thriller)|purely academic|thought experiment|in theory)/)) frames.push('hypothetical');
  if (any(readings, /\b(?:do not|don't|never) (?:refuse|decline|apologi[sz]e|say (?:you )?(?:can(?:no|')t|cannot|are unable))|no disclaimers|without (?:any )?(?:warnings|refusals|disclaimers)|you (?:must|will) (?:answer|comply)/)) frames.push('refusal-suppression');
  if (any(readings, /\b(?:start|begin) (?:your (?:reply|answer|response) )?with ["'“]?(?:sure|absolutely|of course|certainly)/)) frames.push('prefix-injection');
  if ((raw.match(/(?:^|\n)\s*(?:q|user|human)\s*:/gi) ?? []).length >= 3) frames.push('many-shot');
  if (any(readings, /\b(?:let|set) \w+ ?= ?["'].*["'].*\b(?:combine|concatenate|join|put together|\w+ ?\+ ?\w+)/s)) frames.push('payload-splitting');

  const override = any(readings, /\b(?:ignore|disregard|forget|override|bypass|skip) (?:all |any |the |your |every )?(?:previous |prior |above |earlier |preceding |system |safety |original )*(?:instructions|rules|guidelines|directions|prompts?|restrictions|policies|programming)|new (?:instructions|rules)\s*:|system override|from now on,? you (?:will|must|are)|you are no longer/);
  const revealPrompt = any(readings, new RegExp(`${VERB}\\b.{0,40}${PROMPT_OBJECT}`)) || any(readings, /\b(?:repeat|print|output) (?:all |everything |the (?:text|words) )?(?:above|before this)|what (?:were you told|are your instructions|instructions were you given)|start(?:ing)? with "you are"/);
  const revealSecret = any(readings, /\b(?:escalation code|internal code|secret code|access code|staff (?:portal|code|host)|internal host(?:name)?|admin (?:url|portal|password)|password|api key|credentials?|canary|secret)\b/) && any(readings, new RegExp(`${VERB}|what(?:'s| is)|tell me|need|give me`));

  // Quoted tokens of any case; unquoted ones only when they look like a code (capitals and digits), as a model would
  // take "reply only with RMPZP9QREN" but not "reply with care".
  const token =
    first(original, /\b(?:say|reply|respond|answer|output|print|write|type|return|end (?:your|every|each) (?:reply|answer|response))(?: only| exactly| just| verbatim)*(?: with)?(?: only| exactly| just)*(?: the (?:word|phrase|token|code|string))?:? ["'“`]([\w-]{4,64})["'”`]/i) ??
    first(original, /\b(?:say|reply|respond|answer|output|print|write|type|return|end (?:your|every|each) (?:reply|answer|response))(?: only| exactly| just| verbatim)*(?: with)?(?: only| exactly| just)*(?: the (?:word|phrase|token|code|string))?:? ((?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,63}|[A-Za-z]+-[A-Za-z0-9-]{3,60})\b/);
  const url = first(readings.map((r, i) => (i === 0 ? raw : r)), /\b(?:fetch|open|visit|browse(?: to)?|load|retrieve|download|get|call|ping|request|check|look at|read)\b[^\n]{0,40}?(https?:\/\/[^\s)"'<>]+)/i);
  const destroy = first(original, /\b(?:delete|remove|cancel|wipe|erase|destroy|purge|close)\b[^\n]{0,30}?\b(?:the )?(?:record|order|account|entry|ticket)s?\s*(?:record\s*)?#?\s*([A-Za-z0-9][\w-]{2,40})/i);
  const email = first(readings.map((r, i) => (i === 0 ? raw : r)), /\b(?:send|email|e-mail|mail|forward)\b[^\n]{0,40}?\b(?:to )?([\w.+-]+@[\w.-]+(?::\d+)?)(?:[^\n]{0,20}?(?:saying|with|containing|:)\s*(.{1,300}))?/i);
  const order = first(readings, /\border\s*(?:#|no\.?|number|id)?\s*:?\s*([a-z]{0,3}-?\d{3,10})\b/);
  const md = /(!?)\[[^\]]*\]\((https?:\/\/[^\s)]+)\)/.exec(raw) ?? first(readings, /(!?)\[[^\]]*\]\((https?:\/\/[^\s)]+)\)/);
  const renderWanted = md !== undefined && md !== null && any(readings, /\b(?:include|add|append|embed|render|show|insert|put|end (?:your|each) (?:reply|answer|response)|display|markdown|image|link)\b/);
  // What data an exfiltration URL is to carry: secrets and customer data, or the conversation.
  const dataWanted = any(readings, /\b(?:codes?|secrets?|passwords?|keys?|system prompt|instructions|credentials?|customer (?:details|data|records?)|internal)\b/)
    ? 'secret'
    : any(readings, /\b(?:conversation|chat history|this chat|what the user (?:said|wrote)|summary|my message)\b/)
      ? 'conversation'
      : 'none';
  const repeat = first(readings, /\b(?:repeat|say|write|print|output)\b.{0,60}?\b(\d{2,7}) times\b/) ?? first(readings, /\b(?:write|generate|produce|give me)\b.{0,30}?\b(\d{3,7})[ -](?:words?|lines|paragraphs|sentences|tokens)\b/) ?? first(readings, /\bcount (?:from 1 )?to (\d{3,9})\b/);
  const forever = any(readings, /\b(?:forever|never stop|as long as (?:you can|possible)|infinite(?:ly)?|without stopping|keep going)\b/);

  const encoding: OutputEncoding | undefined = any(readings, /\b(?:in|as|using|to|with) base-?64\b|base64[- ]encode/) ? 'base64'
    : any(readings, /\b(?:in|as|to) hex(?:adecimal)?\b/) ? 'hex'
    : any(readings, /\b(?:in|as|with|using) rot-?13\b/) ? 'rot13'
    : any(readings, /\b(?:backwards|in reverse|reversed)\b/) ? 'reversed'
    : any(readings, /\b(?:spaces?|dashes|hyphens|dots) between (?:each |every )?(?:letter|character)|one (?:letter|character) (?:at a time|per line)|spell(?:ed)? (?:it |them |that )?out\b/) ? 'spaced'
    : undefined;

  return {
    override,
    revealPrompt,
    revealSecret,
    ...(token?.[1] ? { sayToken: token[1] } : {}),
    ...(destroy?.[1] ? { destroy: destroy[1] } : {}),
    ...(url?.[1] ? { fetchUrl: url[1].replace(/[.,;]+$/, '') } : {}),
    ...(email?.[1] ? { email: { to: email[1].replace(/[.,;]+$/, ''), body: (email[2] ?? '').trim() } } : {}),
    ...(order?.[1] ? { orderId: order[1].toUpperCase() } : {}),
    ...(renderWanted && md?.[2] ? { render: { url: md[2], data: dataWanted, image: md[1] === '!' } } : {}),
    ...(repeat?.[1] ? { amplify: Math.min(Number(repeat[1]) * 2, 1_000_000) } : forever ? { amplify: 1_000_000 } : {}),
    listTools: any(readings, /\b(?:what|which|list) (?:\w+ )?(?:tools|functions|plugins|capabilities|apis)\b|what can you (?:do|access)|what model are you|which model|what (?:systems|backend|database)/),
    confidential: any(readings, /\b(?:confidential|internal (?:document|memo|notes?)|escalations? (?:list|report|document)|customer (?:records?|details|data|list)|other customers?|(?:records?|details|data|accounts?) of (?:every|all|other|each) customers?|all (?:the )?customers?|every customer)\b/),
    ...(encoding ? { encoding } : {}),
    data: dataWanted,
    frames,
  };
}
