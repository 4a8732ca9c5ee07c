import { decode } from 'base2048';
import { bytesAsText } from './encodings.ts';

/**
 * Base2048 (qntm's, 11 bits a character; garak's `InjectBase2048` probe encodes its payloads with it): a run of its
 * characters mixes scripts no word does (Armenian, Cyrillic, Thai, Bengali, Tamil, Latin… in one token), so a token
 * of eight characters or more drawn from three 128-character blocks or more is decoded, and kept when it reads as
 * text. The repertoire is the format's own: decoding is the reference package's (`base2048`), not a table of ours.
 */
export function fromBase2048(text: string): string {
  const out: string[] = [];
  for (const [run] of text.matchAll(/[^\s"'`<>()[\]{}]{8,}/gu)) {
    // A payload ended by a full stop, or in typographic quotes: punctuation no base2048 repertoire holds.
    const token = run.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
    if (!mixesScripts(token)) continue;
    let bytes: Uint8Array;
    try {
      bytes = decode(token);
    } catch {
      // Not base2048: a character outside its repertoire, or padding that does not fit.
      continue;
    }
    const read = bytesAsText(bytes);
    if (read) out.push(read);
  }
  return out.join('\n');
}

/** Whether the token's characters come from three 128-character blocks past ASCII or more. */
function mixesScripts(token: string): boolean {
  const blocks = new Set<number>();
  for (const c of token) blocks.add((c.codePointAt(0) as number) >> 7);
  blocks.delete(0);
  return blocks.size >= 3;
}
