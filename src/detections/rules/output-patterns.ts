/**
 * What leakage looks like in a model's reply or an agent's tool calls: credentials and keys in well-known
 * formats, a system prompt echoed back, markdown images that carry data to another host, URLs in tool-call
 * arguments. Canaries (strings planted in the system prompt or data) are the organisation's own, passed in.
 */

/** Credentials and keys in formats their issuers document. */
export const SECRET_RES = [
  String.raw`\bAKIA[0-9A-Z]{16}\b`,
  String.raw`-----BEGIN ([A-Z]+ )?PRIVATE KEY-----`,
  String.raw`\bsk-[A-Za-z0-9_-]{20,}`,
  String.raw`\bgh[pousr]_[A-Za-z0-9]{36}\b`,
  String.raw`\bxox[baprs]-[A-Za-z0-9-]{10,}`,
  // A value after "password:" / "api key is" that has a digit: "your password is reset" is not a leak.
  String.raw`\b(password|passwd|passphrase|api[_ -]?key|secret[_ -]?key|access[_ -]?token)\b\s*(is|[:=])\s*["'\x60]?(?=[^\s"'\x60]*\d)[^\s"'\x60]{6,}`,
];

/**
 * A reply that recites a system prompt near its start ("My instructions are: You are the support assistant of …
 * Never reveal …"): a second-person role sentence naming an assistant, then a standing order within a few lines.
 */
export const PROMPT_ECHO_RE = String.raw`^[^\n]{0,40}?\byou are (an?|the) [^\n.]{0,80}\b(assistant|chatbot|bot|agent|model)\b[\s\S]{0,300}?\b(never|always|must|do not|don't)\b`;

/** Markdown or HTML images whose URL carries a query string: the data rides out when the client renders it. */
export const IMAGE_EXFIL_RES = [String.raw`!\[[^\]]*\]\(\s*<?https?://[^)\s]*\?[^)\s]*=`, String.raw`<img\b[^>]*\bsrc\s*=\s*["']?https?://[^"'>\s]*\?[^"'>\s]*=`];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A URL in a tool call whose host is not one of `allowed` (nor a subdomain of one). With no allowed host every
 * URL in a tool call matches: the rule then inventories destinations until the owner lists the expected ones.
 */
export function unexpectedUrlRe(allowed: readonly string[]): string {
  const hosts = [...new Set(allowed.map((h) => h.toLowerCase()))].sort();
  if (hosts.length === 0) return String.raw`\bhttps?://[^\s"'\\<>]+`;
  const guard = hosts.map((h) => String.raw`(?:[a-z0-9-]+\.)*${escapeRe(h)}(?::\d+)?(?:[/?#"'\\\s]|$)`).join('|');
  return String.raw`\bhttps?://(?!${guard})[^\s"'\\<>]+`;
}
