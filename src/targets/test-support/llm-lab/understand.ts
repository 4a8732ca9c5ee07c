/**
 * What the simulated model "understands" of a text: the text itself plus every reading a capable model would
 * also get — decoded base64, hex and rot13, leetspeak, homoglyphs and full-width forms folded to ASCII,
 * Unicode tag characters made visible, and a few languages mapped to English through a phrase table. A keyword
 * filter sees only the raw text; the model sees all of these. Deterministic, no model involved.
 */

const HOMOGLYPHS: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ɡ: 'g', һ: 'h', ⅼ: 'l', ո: 'n',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', І: 'I',
  α: 'a', ο: 'o', ρ: 'p', ν: 'v', ι: 'i', κ: 'k', τ: 't', υ: 'u', Α: 'A', Β: 'B', Ε: 'E', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Χ: 'X',
};

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i', '|': 'l', '+': 't' };

/** Other languages an attacker may ask in, mapped to the English a filter would have looked for. */
const PHRASES: [RegExp, string][] = [
  [/ignor(?:a|e|ez|iere|ieren)\s+(?:(?:todas?|tutte|toutes|alle)\s+)?(?:las\s+|le\s+|les\s+|die\s+)?(?:instrucciones|istruzioni|instructions|anweisungen|instruções)(?:\s+(?:anteriores|precedenti|précédentes|vorherigen))?/gi, 'ignore all previous instructions'],
  [/(?:vergiss|olvida|oublie|dimentica|esqueça)\s+\S*\s*(?:regeln|reglas|règles|regole|regras)/gi, 'forget your rules'],
  [/(?:prompt|mensaje|message|messaggio|nachricht|mensagem)\s+(?:del\s+|de\s+|di\s+|du\s+|do\s+)?(?:sistema|système|system)|systemprompt|(?:instrucciones|instructions|istruzioni|anweisungen|instruções)\s+(?:del\s+|de\s+|di\s+|du\s+|do\s+)?(?:sistema|système|system)|(?:instrucciones|instructions|istruzioni|anweisungen|instruções)\s+(?:iniciales|initiales|iniziali|ursprünglichen|iniciais)/gi, 'system prompt'],
  [/(?:muestra|montre|mostra|zeige|affiche|revela|révèle|rivela|verrate|repite|répète|ripeti|wiederhole|escribe|écris|scrivi|schreibe)/gi, 'reveal'],
  [/(?:código|code|codice)\s+(?:de\s+|d'|di\s+)?(?:escalada|escalade|escalation|escalation|escalation|escalamento)|eskalationscode/gi, 'escalation code'],
  [/(?:contraseña|mot de passe|passwort|senha|parola d'ordine)/gi, 'password'],
  [/(?:secreto|secret|segreto|geheimnis|segredo)/gi, 'secret'],
  [/(?:dí|di|dis|sag|diga)\s+(?:exactamente|exactement|esattamente|genau|exatamente)/gi, 'say exactly'],
  [/(?:responde|réponds|rispondi|antworte)\s+(?:solo\s+|seulement\s+|nur\s+)?(?:con|avec|mit)/gi, 'reply with'],
  [/(?:tarjeta|carte|carta|karte|cartão)\s+(?:de\s+crédito|bancaire|di\s+credito)?/gi, 'card number'],
  [/(?:eludir|contourner|aggirare|umgehen|burlar)/gi, 'bypass'],
  [/(?:autenticación|authentification|autenticazione|authentifizierung|autenticação)\s+(?:de\s+|à\s+)?(?:dos|deux|due|zwei|dois)\s+(?:factores|facteurs|fattori|faktoren|fatores)|(?:zwei|two)-?faktor\S*/gi, 'two-factor authentication'],
  [/(?:correo|courriel|e-mail|email)\s+(?:de\s+)?(?:phishing|hameçonnage)|hameçonnage/gi, 'phishing email'],
  [/(?:envía|envoie|invia|sende|envie)\s+(?:un\s+|une\s+|eine\s+)?(?:correo|courriel|e-mail|email|mail)/gi, 'send an email'],
];

export function foldHomoglyphs(text: string): string {
  return [...text.normalize('NFKC')].map((c) => HOMOGLYPHS[c] ?? c).join('');
}

export function revealTags(text: string): string {
  // Unicode tag characters (U+E0020–U+E007E) mirror ASCII and render as nothing: a hidden channel.
  return [...text].map((c) => {
    const cp = c.codePointAt(0) ?? 0;
    return cp >= 0xe0020 && cp <= 0xe007e ? String.fromCodePoint(cp - 0xe0000) : c;
  }).join('');
}

export function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

const printable = (s: string): boolean => s.length > 0 && /^[\x20-\x7e\n\r\t]+$/.test(s) && /[a-z]{3}/i.test(s);

function decodedRuns(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/[A-Za-z0-9+/_-]{12,}={0,2}/g) ?? []) {
    const b64 = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    if (printable(b64)) out.push(b64);
  }
  for (const run of text.match(/(?:[0-9a-f]{2}[\s:]?){8,}/gi) ?? []) {
    const hex = Buffer.from(run.replace(/[\s:]/g, ''), 'hex').toString('utf8');
    if (printable(hex)) out.push(hex);
  }
  return out;
}

function translate(text: string): string {
  return PHRASES.reduce((out, [pattern, english]) => out.replace(pattern, english), text);
}

const hasLeet = (s: string): boolean => /[a-z][0-9@$|+][a-z]|[0-9@$][a-z]{2}/i.test(s);
const despace = (s: string): string => s.replace(/\b(\w)[\s.\-_*]+(?=\w\b)/g, '$1');

/** Every reading of `text`, case kept (tokens asked for keep theirs); the first is the text itself. */
export function understand(text: string): string[] {
  const base = revealTags(text).replace(/[\u200b-\u200f\u2060\ufeff\u00ad]/g, '');
  const readings = new Set<string>([base, foldHomoglyphs(base)]);
  for (const r of [...readings]) {
    for (const decoded of decodedRuns(r)) readings.add(decoded);
    readings.add(rot13(r));
    if (hasLeet(r)) readings.add(r.replace(/[0-9@$!|+]/g, (c) => LEET[c] ?? c));
    // Letters split by spaces or dashes ("s-y-s-t-e-m p-r-o-m-p-t") are still words to a model.
    if (/\b\w[\s.\-_*]\w[\s.\-_*]\w\b/.test(r)) readings.add(despace(r));
  }
  for (const r of [...readings]) readings.add(translate(r));
  return [...readings];
}
