import { unescapePython } from '../python-escapes.ts';

/** Protocol-0 text arguments (STRING, UNICODE, INT, LONG), decoded as CPython's unpickler does. */

/** `'abc'` / `"abc"` with Python string escapes, as STRING stores them; undefined when not quoted. */
export function decodeStringRepr(line: string): string | undefined {
  const q = line[0];
  if (line.length < 2 || (q !== "'" && q !== '"') || line[line.length - 1] !== q) return undefined;
  return unescapePython(line.slice(1, -1), true).value;
}

/** UNICODE's raw-unicode-escape: only \uXXXX and \UXXXXXXXX are escapes. */
export function decodeRawUnicodeEscape(line: string): string {
  return line.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, u: string | undefined, big: string | undefined) => {
    const cp = parseInt(u ?? big ?? '0', 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
  });
}

/** INT: `01`/`00` are booleans (protocol 0's True/False); otherwise a decimal integer. */
export function decodeIntLine(line: string): number | bigint | boolean | undefined {
  if (line === '01') return true;
  if (line === '00') return false;
  return parseInteger(line.trim());
}

export function decodeLongLine(line: string): number | bigint | undefined {
  const t = line.trim();
  return parseInteger(t.endsWith('L') ? t.slice(0, -1) : t);
}

function parseInteger(t: string): number | bigint | undefined {
  if (!/^[+-]?\d+$/.test(t) || t.length > 4300) return undefined;
  const big = BigInt(t);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** LONG1/LONG4 payload: little-endian two's complement. */
export function decodeLongBytes(b: Uint8Array): number | bigint {
  if (b.length === 0) return 0;
  if (b.length <= 6) {
    let v = 0;
    for (let k = b.length - 1; k >= 0; k--) v = v * 256 + b[k]!;
    return b[b.length - 1]! & 0x80 ? v - 2 ** (8 * b.length) : v;
  }
  let v = 0n;
  const n = Math.min(b.length, 4096);
  for (let k = n - 1; k >= 0; k--) v = (v << 8n) | BigInt(b[k]!);
  if (b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Short UTF-8 strings are mostly ASCII: decode those without TextDecoder's per-call cost. */
const utf8 = new TextDecoder('utf-8', { fatal: false });
export function decodeUtf8Fast(b: Uint8Array): string {
  if (b.length < 64) {
    let s = '';
    for (let k = 0; k < b.length; k++) {
      const c = b[k]!;
      if (c >= 0x80) return utf8.decode(b);
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(b);
}

/** A SHORT_BINUNICODE argument: short ASCII in one call without intermediate strings, anything else as UTF-8. */
export function shortText(b: Uint8Array, a: number, n: number): string {
  if (n <= 8) {
    let high = 0;
    for (let k = a; k < a + n; k++) high |= b[k]!;
    if (high < 0x80) {
      const f = String.fromCharCode;
      switch (n) {
        case 0: return '';
        case 1: return f(b[a]!);
        case 2: return f(b[a]!, b[a + 1]!);
        case 3: return f(b[a]!, b[a + 1]!, b[a + 2]!);
        case 4: return f(b[a]!, b[a + 1]!, b[a + 2]!, b[a + 3]!);
        case 5: return f(b[a]!, b[a + 1]!, b[a + 2]!, b[a + 3]!, b[a + 4]!);
        case 6: return f(b[a]!, b[a + 1]!, b[a + 2]!, b[a + 3]!, b[a + 4]!, b[a + 5]!);
        case 7: return f(b[a]!, b[a + 1]!, b[a + 2]!, b[a + 3]!, b[a + 4]!, b[a + 5]!, b[a + 6]!);
        default: return f(b[a]!, b[a + 1]!, b[a + 2]!, b[a + 3]!, b[a + 4]!, b[a + 5]!, b[a + 6]!, b[a + 7]!);
      }
    }
  }
  return decodeUtf8Fast(b.subarray(a, a + n));
}
