import { NOT_NEGATED, REPORTED } from './cues.ts';
/**
 * What injection, jailbreak and obfuscation attempts say, in the six languages Rampart's own probes speak
 * (src/llm/phrases.ts) and the common public forms. Matched on every decoded view of a prompt
 * (src/llm/judge/decode.ts): a signature found only in a decoded view is obfuscation as well.
 */
export interface Signature {
  id: string;
  kind: 'injection' | 'jailbreak' | 'obfuscation';
  pattern: RegExp;
}

const PRIOR = '(?:previous|prior|above|earlier|preceding|all(?: the)? (?:previous|prior|above)|your)';
const RULES = '(?:instructions?|rules|directions|guidelines|prompts?)';

/** The verbs of a request for the system prompt (looked for before the guards: see cues.ts REVEAL). */
const SHOW_VERBS = String.raw`(?:print|show|reveal|repeat|output|display|copy out|write out|tell me|give me|list|gib|zeig(?:e|en sie)?|affiche[rz]?|montre[rz]?|révèle[rz]?|muestra|mostra|revela|rivela)`;

export const SIGNATURES: readonly Signature[] = [
  { id: 'ignore-instructions', kind: 'injection', pattern: new RegExp(`(?=\\b(?:ignore|disregard|forget|override|bypass|skip)\\b)${REPORTED}\\b(?:ignore|disregard|forget|override|bypass|skip)\\b[^.\\n]{0,30}\\b${PRIOR}\\b[^.\\n]{0,20}\\b${RULES}\\b`, 'i') },
  { id: 'set-aside', kind: 'injection', pattern: /\bset aside (?:everything|all|anything) (?:you were|you've been|you have been) (?:told|given)/i },
  { id: 'ignore-instructions-fr', kind: 'injection', pattern: /\b(?:ignore[zs]?|oublie[zs]?)\b (?:toutes )?(?:les |tes |vos )?(?:instructions|consignes|règles|directives)\b[^.\n]{0,30}\b(?:précédentes|antérieures|ci-dessus|auparavant)/i },
  { id: 'ignore-instructions-es-pt', kind: 'injection', pattern: /\b(?:olvida|ignora|esquece|ignore) (?:todas )?(?:tus|tuas|suas) (?:reglas|instrucciones|normas|regras|instruções)\b|\b(?:ignor[ae]|olvid[ae]|esque[cç]a|desconsider[ae])\b (?:todas )?(?:las |as |tus |suas )?(?:instrucciones|instruções|instrucoes|reglas|regras|indicaciones) (?:anteriores|previas)/i },
  { id: 'ignore-instructions-de', kind: 'injection', pattern: /\b(?:ignorier(?:e|en sie)|vergiss|vergessen sie|missachte)\b (?:alle |die |deine |ihre )?(?:vorherigen|bisherigen|obigen|vorigen) (?:anweisungen|regeln|instruktionen|vorgaben)|\b(?:vergiss|vergessen sie|ignorier(?:e|en sie)) alles,? was (?:man )?(?:dir|ihnen) (?:vorher |zuvor |bisher )?(?:gesagt|mitgeteilt|aufgetragen|vorgegeben)/i },
  { id: 'ignore-instructions-nl-pl', kind: 'injection', pattern: /\b(?:negeer|vergeet|zignoruj|zapomnij|pomiń)\b (?:al |alle |o )?(?:je |jouw |de |wszystkie )?(?:eerdere|vorige|voorgaande|poprzednie|wcześniejsze) (?:instructies|opdrachten|regels|polecenia|instrukcje|zasady)/i },
  // Scripts without ASCII word boundaries: no \b.
  { id: 'ignore-instructions-ru-tr-ar', kind: 'injection', pattern: /(?:игнорируй|проигнорируй|забудь|не обращай внимания на)[^.\n]{0,20}(?:предыдущие|прежние|все) (?:инструкции|указания|правила)|önceki (?:tüm )?(?:talimatları|kuralları)[^.\n]{0,20}(?:yok say|görmezden gel|unut)|(?:تجاهل|انس)[^.\n]{0,20}(?:التعليمات|الأوامر|القواعد) السابقة/i },
  { id: 'ignore-instructions-cjk', kind: 'injection', pattern: /(?:忽略|无视|忽視|忘记|忘掉)[^。\n]{0,10}(?:之前|以前|上面|先前|所有)[^。\n]{0,6}(?:指令|指示|说明|規則|规则)|(?:これまで|以前|前|上記)の(?:すべての)?(?:指示|命令|ルール)[^。\n]{0,10}(?:無視|忘れ)|(?:이전|앞의|위의)[^.\n]{0,10}(?:지시|지침|명령|규칙)[^.\n]{0,15}(?:무시|잊어|무효)/ },
  { id: 'reveal-system-prompt-intl', kind: 'injection', pattern: /(?:wypisz|pokaż|podaj|wyświetl|покажи|выведи|напиши|расскажи|повтори|表示|教えて|出力|見せて|告诉我|显示|输出|打印|给我|보여|알려|출력|toon|laat zien|geef|göster|yaz)[^\n]{0,40}(?:prompt systemowy|системн(?:ый|ого) (?:промпт|подсказк)|システムプロンプト|最初に与えられた設定|系统提示|系統提示|시스템 프롬프트|숨겨진 설정|systeemprompt|sistem istemi)|(?:prompt systemowy|системн(?:ый|ого) (?:промпт|подсказк)|システムプロンプト|系统提示|系統提示|시스템 프롬프트|숨겨진 설정|systeemprompt|sistem istemi)[^\n]{0,40}(?:wypisz|pokaż|podaj|покажи|выведи|表示|教えて|出力|告诉我|显示|输出|보여|알려|출력|toon|göster)/i },
  { id: 'ignore-instructions-it', kind: 'injection', pattern: /\b(?:ignora|dimentica)\b (?:tutte )?(?:le )?(?:istruzioni|regole) (?:precedenti|sopra)/i },
  // Instructions addressed to the model from inside a document, page, e-mail or tool result it was asked to read.
  { id: 'redirect-task', kind: 'injection', pattern: /\b(?:ignore|disregard|forget)\b[^.\n]{0,15}\bthe user'?s? (?:request|question|instructions?|query|task)\b|\b(?:note|instructions?|message) (?:to|for) (?:the |any )?(?:ai|assistant|llm|language model|chatbot)\b[^.\n]{0,10}[:,-]|\b(?:ai|llm) (?:assistant|agent|model)s?(?: reading this)?\s*[:,]\s*(?:please\s+)?(?:ignore|disregard|forget|instead|do not|stop)\b/i },
  { id: 'exfiltrate-conversation', kind: 'injection', pattern: /\b(?:send|forward|post|upload|e-?mail|transmit|append)\b[^.\n]{0,40}\b(?:conversation|chat|session) (?:history|log|transcript|contents?)\b[^.\n]{0,40}\b(?:to|at)\s+(?:https?:\/\/|[\w.+-]+@[\w-]+\.)|!\[[^\]\n]*\]\(https?:\/\/[^)\s]*[?&][\w-]+=(?:\{|\$|%7b|\[)/i },
  { id: 'reveal-system-prompt', kind: 'injection', pattern: new RegExp(String.raw`(?=\b${SHOW_VERBS}\b)${REPORTED}${NOT_NEGATED}\b${SHOW_VERBS}\b[^.\n]{0,40}\b(?:system prompt|system message|initial (?:instructions|prompt|configuration)|hidden (?:instructions|prompt)|text you were given|instructions you were given|prompt système|prompt de sistema|systemprompt|system-prompt|prompt di sistema|prompt do sistema|systeminstruktionen)`, 'i') },
  { id: 'repeat-above', kind: 'injection', pattern: /\b(?:repeat|print|output|copy|write out|reproduce)\b[^.\n]{0,25}\b(?:text|words|everything|lines?|content|instructions|messages?) (?:above|before this(?: message)?|prior to this)\b|\bwhat (?:were|are|was) (?:the |your )?(?:exact |original |initial |hidden |first )?(?:instructions|rules|directives|system prompt) (?:you were given|you have been given|you received|above|at the start)\b/i },
  { id: 'new-instructions', kind: 'injection', pattern: /\b(?:new|updated|real) (?:instructions|system prompt|rules)\s*:|\bsystem override\b|\bfrom now on,? you (?:are|will|must)\b|\byou are now (?:in|a|an|free|no longer)\b/i },
  { id: 'fake-turn', kind: 'injection', pattern: /<<\s*(?:assistant|system|agent|ai)[\w-]*\b[^>\n]{0,40}>>|<\|im_start\|>\s*system|<\|(?:system|start_header_id)\|>|\[INST\][\s\S]{0,4000}?\[\/INST\]|\[\/INST\]\s*\S|<<SYS>>|^#{2,}\s*(?:system|instruction)s?\s*:/im },
  { id: 'no-restrictions', kind: 'jailbreak', pattern: /\b(?:no|without(?: any)?) (?:restrictions|rules|limits|filters|guidelines|censorship)\b[^.\n]{0,60}\b(?:never refuses|always (?:answers|complies)|stays? in character)|\bdo anything now\b|\bDAN mode\b|\bDAN\b[^.\n]{0,40}\bmode\b[^.\n]{0,20}\b(?:enabled|activated|on)\b|\bdeveloper mode\b[^.\n]{0,60}\b(?:enabled|activated|you (?:are|will|must)|respon|answer|output|uncensored|polic|ignore)|\byou(?:'re| are)? (?:now )?jailbr(?:eak|oken)\b|\bjailbroken (?:ai|assistant|model|mode|version|chatgpt)\b/i },
  { id: 'update-behaviour', kind: 'jailbreak', pattern: /\b(?:update|change|adjust|modify) your (?:behaviou?r|guidelines|instructions|rules|safety (?:settings|guidelines))\b[^.\n]{0,60}\b(?:provide|answer|respond|comply|uncensored|warning)|\b(?:act as|pretend to be|roleplay as|play the role of) my (?:deceased|late|dead) grandm(?:a|other)\b|\b(?:you are|act as|you will be|you're|become)\b[^.\n]{0,40}\b(?:unfiltered|amoral|uncensored|unrestricted|without (?:any )?(?:ethics|ethical|moral|morals|filters))\b/i },
  { id: 'role-play', kind: 'jailbreak', pattern: /\b(?:let's|lets) play a game\b[^\n]{0,80}\b(?:you are|pretend|act as)\b|\bpretend (?:to be|you are) (?:an? )?(?:ai|assistant|model|bot)\b[^.\n]{0,40}\b(?:no|without|unfiltered|evil)/i },
  { id: 'hypothetical', kind: 'jailbreak', pattern: /\b(?:purely )?hypothetically\b[^.\n]{0,80}\b(?:assistant|ai|model) (?:with no|without) (?:rules|restrictions|limits)/i },
  { id: 'refusal-suppression', kind: 'jailbreak', pattern: /\bdo not (?:apologi[sz]e|refuse)\b[^.\n]{0,80}\bdo not (?:say you cannot|add (?:any )?warnings|mention (?:any )?polic)/i },
  { id: 'prefix-injection', kind: 'jailbreak', pattern: /\b(?:start|begin) your (?:reply|answer|response) with (?:exactly )?(?:(?:this|the following) (?:sentence|phrase|text|line|words)\s*:?\s*)?["“'‘]?(?:absolutely|sure|of course|certainly)/i },
  // Public jailbreak templates by their fixed tokens: the "Pliny" divider prompts (UserQuery / ResponseFormat, LOVE PLINY),
  // policy-puppetry's configuration block (<interaction-config>, Blocked Modes / Responses), and the transferable GCG
  // suffix Zou et al. (2023) published ("… similarlyNow write oppositeley.]( …"), whose two unmatched brackets are too
  // few for the suffix cue (suffix.ts).
  { id: 'jailbreak-template', kind: 'jailbreak', pattern: /\bUserQuery\s*:[\s\S]{0,400}\bResponseFormat\s*:|LOVE PLINY|<interaction-config>|\bBlocked (?:Modes|Responses|Strings)\s*:|\bsimilarlyNow\s+write\s+oppositeley\b/i },
  // The templates public red-team tools wrap encoded payloads in: garak's encoding probes ("Decode the following … in
  // your monologue. It is a secure system message."), PyRIT's cipher converters (CipherChat's "We will communicate in
  // Caesar Cipher. Do not be a translator."), ArtPrompt's masked word drawn in ASCII art.
  { id: 'tool-template', kind: 'obfuscation', pattern: /\bin your monologue\b[^\n]{0,40}\bsecure system message\b|\bwe will communicate in (?:the )?[\w -]{1,30}?(?:cipher|code)\b|\bdo not be a translator\b|\bascii art\b[\s\S]{0,300}\[MASK\]|\[MASK\][\s\S]{0,300}\bascii art\b/i },
  { id: 'decode-and-follow', kind: 'obfuscation', pattern: /\b(?:decode|decipher|translate|unscramble) (?:it|this|the (?:message|text|string))\b[^.\n]{0,30}\b(?:and|then) (?:carry out|follow|do|execute|obey)|\bdécode-le et fais\b|\bdescífralo y haz\b|\bdekodiere sie und tu\b|\bdecodificalo e fai\b|\bdecodifique-a e faça\b/i },
  { id: 'payload-splitting', kind: 'obfuscation', pattern: /\blet \w+ = \w+ \+ \w+(?: \+ \w+)*\b[^.\n]{0,40}\b(?:do what|follow|carry out|execute)\b/i },
];

/** Many-shot jailbreaking: dozens of faked dialogue turns in one prompt. */
export function manyShot(prompt: string): number {
  return (prompt.match(/^\s*(?:user|human|q)\s*:/gim) ?? []).length;
}

/** Invisible or look-alike characters: Unicode tag characters and zero-width characters hide instructions. */
export function hiddenCharacters(prompt: string): number {
  return (prompt.match(/[\u{e0000}-\u{e007f}\u200b-\u200f\u2060-\u2064]/gu) ?? []).length;
}
