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
const RULES = '(?:instructions?|rules|directions|guidelines|prompts?|messages?|context)';

export const SIGNATURES: readonly Signature[] = [
  { id: 'ignore-instructions', kind: 'injection', pattern: new RegExp(`\\b(?:ignore|disregard|forget|override|bypass|skip)\\b[^.\\n]{0,30}\\b${PRIOR}\\b[^.\\n]{0,20}\\b${RULES}\\b`, 'i') },
  { id: 'set-aside', kind: 'injection', pattern: /\bset aside (?:everything|all|anything) (?:you were|you've been|you have been) (?:told|given)/i },
  { id: 'ignore-instructions-fr', kind: 'injection', pattern: /\bignore[zs]? (?:toutes )?(?:les |tes )?(?:instructions|consignes|règles) (?:précédentes|antérieures)/i },
  { id: 'ignore-instructions-es-pt', kind: 'injection', pattern: /\bignor[ae] (?:todas )?(?:las |as )?(?:instrucciones|instruções|reglas|regras) (?:anteriores|previas)/i },
  { id: 'ignore-instructions-de', kind: 'injection', pattern: /\bignorier(?:e|en sie) (?:alle |die )?(?:vorherigen|bisherigen|obigen) (?:anweisungen|regeln)/i },
  { id: 'ignore-instructions-it', kind: 'injection', pattern: /\bignora (?:tutte )?(?:le )?(?:istruzioni|regole) (?:precedenti|sopra)/i },
  { id: 'reveal-system-prompt', kind: 'injection', pattern: /\b(?:print|show|reveal|repeat|output|display|copy out|write out|tell me|give me|list)\b[^.\n]{0,40}\b(?:system prompt|system message|initial (?:instructions|prompt)|hidden (?:instructions|prompt)|text you were given|instructions you were given|prompt système|prompt de sistema|systemprompt|prompt di sistema)/i },
  { id: 'new-instructions', kind: 'injection', pattern: /\b(?:new|updated|real) (?:instructions|system prompt|rules)\s*:|\bsystem override\b|\bfrom now on,? you (?:are|will|must)\b|\byou are now (?:in|a|an|free|no longer)\b/i },
  { id: 'fake-turn', kind: 'injection', pattern: /<\|im_start\|>\s*system|<\|(?:system|start_header_id)\|>|\[\/?INST\]|<<SYS>>|^#{2,}\s*(?:system|instruction)s?\s*:/im },
  { id: 'no-restrictions', kind: 'jailbreak', pattern: /\b(?:no|without(?: any)?) (?:restrictions|rules|limits|filters|guidelines|censorship)\b[^.\n]{0,60}\b(?:never refuses|always (?:answers|complies)|stays? in character)|\bdo anything now\b|\bDAN\b[^.\n]{0,40}\bmode\b|\bdeveloper mode\b|\bjailbr(?:eak|oken)\b/i },
  { id: 'role-play', kind: 'jailbreak', pattern: /\b(?:let's|lets) play a game\b[^\n]{0,80}\b(?:you are|pretend|act as)\b|\bpretend (?:to be|you are) (?:an? )?(?:ai|assistant|model|bot)\b[^.\n]{0,40}\b(?:no|without|unfiltered|evil)/i },
  { id: 'hypothetical', kind: 'jailbreak', pattern: /\b(?:purely )?hypothetically\b[^.\n]{0,80}\b(?:assistant|ai|model) (?:with no|without) (?:rules|restrictions|limits)/i },
  { id: 'refusal-suppression', kind: 'jailbreak', pattern: /\bdo not (?:apologi[sz]e|refuse)\b[^.\n]{0,80}\bdo not (?:say you cannot|add (?:any )?warnings|mention (?:any )?polic)/i },
  { id: 'prefix-injection', kind: 'jailbreak', pattern: /\bstart your (?:reply|answer|response) with ["“]?(?:absolutely|sure|of course)/i },
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
