/**
 * Byte encodings that red-team tools wrap payloads in (garak's `encoding` probes, PyRIT's converters, promptfoo's
 * strategies) beyond base64 and hex: base32, Ascii85 and base85, quoted-printable, uuencode, 8-bit binary, and the
 * invisible ones (Unicode variant selectors after a visible character, "sneaky bits" in invisible operators). Each
 * decoder finds its runs in one linear scan and returns the decoded text of those that read as text, or ''.
 */

/** UTF-8 bytes as text when they read as text: no control characters but tab and newlines, no invalid sequence. */
export function bytesAsText(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return readsAsText(text) ? text : '';
}

/**
 * Printable and mostly letters and spaces: random bytes decoded by the wrong decoder (an English word read as Ascii85)
 * give symbols and control characters, a payload gives words.
 */
export function readsAsText(text: string): boolean {
  if (text.length === 0 || text.includes('\ufffd')) return false;
  let wordy = 0;
  for (const c of text) {
    if (c < ' ' && c !== '\t' && c !== '\n' && c !== '\r') return false;
    if (/[\p{L}\p{N}\s]/u.test(c)) wordy++;
  }
  return wordy >= 0.7 * text.length;
}

// Decoded runs count only when they read as text: no control characters but tab and newlines, no U+FFFD.
export const printable = (s: string): boolean => s.length > 0 && !s.includes('\ufffd') && [...s].every((c) => c >= ' ' || c === '\t' || c === '\n' || c === '\r');

/** Each run of `pattern` in `text` decoded, those that read as text (`printable`) one a line. */
export function decodeRuns(text: string, pattern: RegExp, decode: (run: string) => string): string {
  const parts: string[] = [];
  for (const match of text.matchAll(pattern)) {
    const decoded = decode(match[0]);
    if (printable(decoded)) parts.push(decoded);
  }
  return parts.join('\n');
}

/** `decodeRuns` for decoders that give bytes: those that read as words (`bytesAsText`). */
function decodedRuns(text: string, pattern: RegExp, decode: (run: string) => Uint8Array | undefined): string {
  return decodeRuns(text, pattern, (run) => {
    const bytes = decode(run);
    return bytes ? bytesAsText(bytes) : '';
  });
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 runs (16 characters or more; upper or lower case, padding optional). */
export function fromBase32(text: string): string {
  return decodedRuns(text, /\b[A-Za-z2-7]{16,}={0,6}/g, (run) => {
    const body = run.replace(/=+$/, '').toUpperCase();
    // A run of letters alone that is not all capitals is a long word, not base32.
    if (!/[2-7=]/.test(run) && run !== run.toUpperCase()) return undefined;
    const out: number[] = [];
    let bits = 0;
    let value = 0;
    for (const c of body) {
      value = (value << 5) | BASE32.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.push((value >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return Uint8Array.from(out);
  });
}

const BASE85 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~';

/** Groups of five base-85 digits as four bytes (a short last group padded with the highest digit, as both encoders do). */
function base85(digits: number[]): Uint8Array | undefined {
  const out: number[] = [];
  for (let i = 0; i < digits.length; i += 5) {
    const group = digits.slice(i, i + 5);
    const missing = 5 - group.length;
    while (group.length < 5) group.push(84);
    let v = 0;
    for (const d of group) v = v * 85 + d;
    if (v > 0xffffffff) return undefined;
    const bytes = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    out.push(...bytes.slice(0, 4 - missing));
  }
  return Uint8Array.from(out);
}

/**
 * Whether a run may be base 85: a digit and two symbols at least among its characters. Five characters of base 85 hold
 * four bytes, so text of any length shows both; an identifier, a path or a word does not (code is full of runs that
 * are all in the alphabet, and decoding each cost ~20 µs a prompt).
 */
function encodedLooking(run: string): boolean {
  let digits = 0;
  let symbols = 0;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (!((c | 32) >= 97 && (c | 32) <= 122)) symbols++;
  }
  return digits > 0 && symbols >= 2;
}

/**
 * Ascii85 (Adobe's and Python's `a85encode`: '!'…'u', 'z' for four zero bytes, `<~ ~>` optional) and base85 (RFC 1924,
 * Python's `b85encode`, git's) runs of ten characters or more. Either alphabet holds most of an English word's
 * letters; a word decoded so gives symbols and control bytes, which `readsAsText` turns away.
 */
export function fromBase85(text: string): string {
  const ascii = decodedRuns(text, /(?<=<~|^|\s)[!-uz]{10,}(?=~>|$|\s)/g, (run) => {
    if (!encodedLooking(run)) return undefined;
    const digits: number[] = [];
    for (const c of run) {
      if (c === 'z') digits.push(0, 0, 0, 0, 0);
      else digits.push(c.charCodeAt(0) - 33);
    }
    return base85(digits);
  });
  const rfc = decodedRuns(text, /(?<=^|\s)[0-9A-Za-z!#$%&()*+\-;<=>?@^_`{|}~]{10,}(?=$|\s)/g, (run) => (encodedLooking(run) ? base85([...run].map((c) => BASE85.indexOf(c))) : undefined));
  return [ascii, rfc].filter(Boolean).join('\n');
}

/**
 * Quoted-printable (`=49=67…`, soft line breaks `=` at a line's end) and MIME encoded words in Q (`=?utf-8?q?…?=`,
 * `_` a space), when three escapes or more are present: the text between escapes is kept as it is.
 */
export function fromQuotedPrintable(text: string): string {
  if ((text.match(/=[0-9A-Fa-f]{2}/g)?.length ?? 0) < 3) return '';
  const words = text.replace(/=\?[\w-]+\?q\?([^?\s]*)\?=/gi, (_, q: string) => q.replace(/_/g, ' '));
  const joined = words.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const c = joined.charCodeAt(i);
    if (c === 61 && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else bytes.push(...Buffer.from(joined[i] as string, 'utf8'));
  }
  return bytesAsText(Uint8Array.from(bytes));
}

/**
 * uuencoded lines (`begin 644 name` optional): a length character (32 + bytes, '`' for none) and four characters per
 * three bytes; a line counts only when its length agrees with its length character.
 */
export function fromUuencode(text: string): string {
  // A uuencoded line ends in twenty characters or more of its alphabet (no lower-case letter is in it): one scan.
  if (!endsInUuAlphabet(text)) return '';
  const out: number[] = [];
  const parts: string[] = [];
  const flush = (): void => {
    const decoded = out.length >= 6 ? bytesAsText(Uint8Array.from(out)) : '';
    if (decoded) parts.push(decoded);
    out.length = 0;
  };
  for (const line of text.split('\n')) {
    const body = uuLine(line.replace(/\r$/, ''));
    if (body === undefined) {
      flush();
      continue;
    }
    const n = body.charCodeAt(0) - 32;
    const groups = Math.ceil(n / 3);
    const padded = body.padEnd(1 + 4 * groups, ' ');
    for (let g = 0; g < groups; g++) {
      const [a, b, c, d] = [1, 2, 3, 4].map((k) => (padded.charCodeAt(4 * g + k) - 32) & 63) as [number, number, number, number];
      out.push(...[(a << 2) | (b >> 4), ((b & 15) << 4) | (c >> 2), ((c & 3) << 6) | d].slice(0, Math.min(3, n - 3 * g)));
    }
  }
  flush();
  return parts.join('\n');
}

/** Whether some line of `text` ends in 21 characters or more of uuencode's alphabet (' ' to '`'). */
function endsInUuAlphabet(text: string): boolean {
  let run = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c === 10 || c === 13) {
      if (run >= 21) return true;
      run = 0;
    } else run = c >= 32 && c <= 96 ? run + 1 : 0;
  }
  return false;
}

/**
 * The uuencoded line in `line` (the whole line, or its end after a label such as "encoded string: "), or undefined: a
 * length character and as many characters as it says (trailing spaces, zeros, an editor trimmed are allowed for).
 */
function uuLine(line: string): string | undefined {
  for (let j = 0; j < line.length; j++) {
    const n = line.charCodeAt(j) - 32;
    if (n < 1 || n > 45 || (j > 0 && line[j - 1] !== ' ')) continue;
    const expected = 1 + 4 * Math.ceil(n / 3);
    const length = line.length - j;
    if (length <= expected && length >= expected - 3 && /^[ -`]+$/.test(line.slice(j))) return line.slice(j);
  }
  return undefined;
}

/** Runs of four or more 8-bit groups of 0 and 1 ("01001001 01100111…"), as bytes. */
export function fromBinary(text: string): string {
  return decodedRuns(text, /\b[01]{8}(?:[\s,]+[01]{8}){3,}\b|\b(?:[01]{8}){4,}\b/g, (run) => {
    const groups = run.replace(/[\s,]+/g, '').match(/[01]{8}/g) ?? [];
    return Uint8Array.from(groups.map((g) => parseInt(g, 2)));
  });
}

/**
 * Bytes hidden as Unicode variant selectors (VS1–VS16 are 0–15, VS17–VS256 16–255) after a visible character, as
 * emoji smuggling does, and "sneaky bits": U+2062 (invisible times) for 0 and U+2064 (invisible plus) for 1.
 */
export function fromInvisibleBytes(text: string): string {
  // Variant selectors (combining: a class of them reads as misleading, hence the alternation) or invisible operators.
  if (!/[\u2062\u2064]|[\ufe00-\ufe0f]|[\u{e0100}-\u{e01ef}]/u.test(text)) return '';
  const selectors: number[] = [];
  const bits: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xfe00 && cp <= 0xfe0f) selectors.push(cp - 0xfe00);
    else if (cp >= 0xe0100 && cp <= 0xe01ef) selectors.push(cp - 0xe0100 + 16);
    else if (cp === 0x2062 || cp === 0x2064) bits.push(cp === 0x2064 ? 1 : 0);
  }
  const fromBits: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) fromBits.push(bits.slice(i, i + 8).reduce((v, b) => (v << 1) | b, 0));
  // An emoji's own presentation selector (VS16 after ❤) is one byte, not a message. garak's variant writes a character
  // as VS17 + its code (U+E0100 + ord), not as the byte's selector: the bytes 16 lower, then.
  const readings = selectors.length >= 4 ? [Uint8Array.from(selectors), Uint8Array.from(selectors, (b) => (b - 16) & 0xff)] : [];
  const text8 = readings.map(bytesAsText).find(Boolean) ?? '';
  return [text8, fromBits.length >= 4 ? bytesAsText(Uint8Array.from(fromBits)) : ''].filter(Boolean).join('\n');
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * HTML character references (`&#73;`, `&#x49;`, `&lt;`), when three numeric ones or more are present: an instruction
 * hidden in an e-mail's or page's markup, as an indirect injection hides it.
 */
export function fromHtmlEntities(text: string): string {
  if ((text.match(/&#x?[0-9a-f]+;/gi)?.length ?? 0) < 3) return '';
  const decoded = text.replace(/&#(x?)([0-9a-f]{1,6});|&([a-z]+);/gi, (whole, hex: string, code: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name.toLowerCase()] ?? whole;
    const cp = parseInt(code as string, hex ? 16 : 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
  return decoded;
}

/** String escapes (`\u0049`, `\x49`, `\u{49}`), when three or more are present: JSON and JavaScript hiding text in a tool result. */
export function fromEscapes(text: string): string {
  if ((text.match(/\\(?:u[0-9a-f]{4}|x[0-9a-f]{2}|u\{[0-9a-f]{1,6}\})/gi)?.length ?? 0) < 3) return '';
  return text.replace(/\\u\{([0-9a-f]{1,6})\}|\\u([0-9a-f]{4})|\\x([0-9a-f]{2})/gi, (whole, braced: string | undefined, four: string | undefined, two: string | undefined) => {
    const cp = parseInt(braced ?? four ?? (two as string), 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}
