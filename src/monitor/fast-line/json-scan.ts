/**
 * JSON's grammar over a line's bytes, without building values: each function takes the position of a token and
 * returns the position after it, or -1 where the text is not JSON (the caller then leaves the line to JSON.parse,
 * which reports the problem in its own words) or not ASCII. What a number or a string held is left in `scanned`.
 */
export const scanned = { number: 0, escaped: false };

/**
 * A line's bytes, a 0 after the last (no JSON token holds one, so every loop stops there): a Buffer, so that what is
 * sliced out of an ASCII line is its text (`asciiText`), and every scan sees one kind of array.
 */
export type Bytes = Buffer;

/**
 * The line being scanned, `b[start..end)`: its text when it was given as text, else decoded from its bytes the first
 * time something is sliced out of it. A decode is a call into C++ (~0.1 µs) whatever its length; a slice ~7 ns.
 */
export const line: { text: string | undefined; start: number; end: number } = { text: undefined, start: 0, end: 0 };

/** The characters of the line's bytes `start`…`end`, which a scan found ASCII. */
export function asciiText(b: Bytes, start: number, end: number): string {
  let text = line.text;
  if (text === undefined) line.text = text = b.toString('latin1', line.start, line.end);
  return text.slice(start - line.start, end - line.start);
}

/** The first position at or after `i` that is not JSON whitespace (space, tab, line feed, carriage return). */
export function skipSpace(b: Bytes, i: number): number {
  for (;;) {
    const c = b[i] as number;
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
}

/**
 * A string opening at `i` (its quote): `scanned.escaped` tells whether it held a backslash escape. A byte past ASCII
 * (only a string may hold one) sends the line to JSON.parse: the bytes are then not the line's characters one for one.
 */
export function scanString(b: Bytes, i: number): number {
  let escaped = false;
  for (i++; ; i++) {
    const c = b[i] as number;
    if (c === 34) break;
    // NaN past the end fails this test too.
    if (!(c >= 32 && c < 128)) return -1;
    if (c === 92) {
      escaped = true;
      const e = b[++i] as number;
      if (e === 117) {
        for (let k = 1; k <= 4; k++) if (!isHex(b[i + k])) return -1;
        i += 4;
      } else if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) return -1;
    }
  }
  scanned.escaped = escaped;
  return i + 1;
}

function isHex(c: number | undefined): boolean {
  if (c === undefined) return false;
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Powers of ten that doubles hold exactly: 10^22 is the last (5^22 < 2^53). */
export const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * A number opening at `i`, its value in `scanned.number` exactly as JSON.parse gives it. Digits that make an integer
 * below 2^53, times or over a power of ten up to 10^22, are one correctly rounded multiplication or division of two
 * exact doubles (Clinger's fast path; half the scores' 16–17 digits qualify); a fraction of up to 20 digits is
 * `wideFraction`'s; anything else goes to Number(), as exact and ~0.2 µs slower.
 */
export function scanNumber(b: Bytes, i: number): number {
  const start = i;
  let c = b[i] as number;
  const negative = c === 45;
  if (negative) c = b[++i] as number;
  // Exact while below 2^53: a larger result was larger all along, so one test at the end tells.
  let mantissa = 0;
  let scale = 0;
  if (c === 48) c = b[++i] as number;
  else if (c >= 49 && c <= 57) {
    do {
      mantissa = mantissa * 10 + (c - 48);
      c = b[++i] as number;
    } while (c >= 48 && c <= 57);
  } else return -1;
  if (c === 46) {
    c = b[++i] as number;
    if (!(c >= 48 && c <= 57)) return -1;
    do {
      mantissa = mantissa * 10 + (c - 48);
      scale++;
      c = b[++i] as number;
    } while (c >= 48 && c <= 57);
  }
  const digitsEnd = i;
  let exponent = 0;
  if (c === 101 || c === 69) {
    c = b[++i] as number;
    const down = c === 45;
    if (down || c === 43) c = b[++i] as number;
    if (!(c >= 48 && c <= 57)) return -1;
    do {
      // Past seven digits the exponent is too large for the fast path whatever the fraction's length: Infinity sends
      // the number to Number() (a capped exponent less a million fraction digits fell within ±22 and was misread).
      exponent = exponent < 1e6 ? exponent * 10 + (c - 48) : Infinity;
      c = b[++i] as number;
    } while (c >= 48 && c <= 57);
    if (down) exponent = -exponent;
  }
  const power = exponent - scale;
  let value: number;
  if (mantissa < 2 ** 53 && power <= 22 && power >= -22) value = power >= 0 ? mantissa * (POW10[power] as number) : mantissa / (POW10[-power] as number);
  else value = power < 0 && power >= -22 ? wideFraction(b, negative ? start + 1 : start, digitsEnd, power) : Number.NaN;
  // NaN: not decided above (no JSON number is NaN).
  if (value !== value) value = Number(asciiText(b, start, i));
  else if (negative) value = -value;
  scanned.number = value;
  return i;
}

/** Dekker's split of a double into halves of 26 bits whose products are exact (JS has no fused multiply-add). */
const SPLIT = 2 ** 27 + 1;

/**
 * The digits `b[from..to)` (a dot among them) times 10^power, correctly rounded, for a mantissa past 2^53 and a
 * power in -22…-1: a probability's 17 digits, half of which missed Clinger's fast path and cost a Number() of a
 * sliced string (~0.2 µs, and a decode of the whole line when it came as bytes). NaN where this cannot tell.
 *
 * The digits are `hi·10^k + lo` with hi < 9·10^15 and k ≤ 4, so the value is `hi/d + lo/p` (d = 10^-(power+k),
 * p = 10^-power, both exact). q = hi/d rounded leaves the exact remainder r = hi - q·d (Dekker's product); then
 * value = q + (r/d + lo/p), where the parenthesis is computed within `slack`. Rounding q + c is monotone in c, so
 * if q + (c - slack) and q + (c + slack) round to the same double, that double is the correctly rounded value;
 * where they differ (the value within ~2^-49 of its size from a tie) Number() decides.
 */
export function wideFraction(b: Bytes, from: number, to: number, power: number): number {
  readDigits(b, from, to);
  return digits.k > 4 ? Number.NaN : wideValue(digits.hi, digits.lo, digits.k, power);
}

/** The digits readDigits read last as `hi·10^k + lo`, hi < 9·10^15. */
const digits = { hi: 0, lo: 0, k: 0 };

/** The digits `b[from..to)`, a dot among them skipped, as one number (exact below 2^53), and split into `digits`. */
function readDigits(b: Bytes, from: number, to: number): number {
  let mantissa = 0;
  let hi = 0;
  let lo = 0;
  let k = 0;
  for (let i = from; i < to; i++) {
    const c = b[i] as number;
    if (c === 46) continue;
    const d = c - 48;
    mantissa = mantissa * 10 + d;
    if (hi < 9e14) hi = hi * 10 + d;
    else {
      k++;
      lo = lo * 10 + d;
    }
  }
  digits.hi = hi;
  digits.lo = lo;
  digits.k = k;
  return mantissa;
}

/**
 * A number of 10 digits or more without an exponent, `b[from..to)` (a dot among them if `scale` > 0, no sign), in one
 * pass over its digits: Clinger's fast path while the digits make an integer below 2^53, else `wideFraction`'s
 * arithmetic for a fraction. The same value as `scanNumber` gives; NaN where it would ask Number(). A row of 784 pixels
 * each written with 17 digits (float64 text of k/255) was scanned three times a number: by the row reader, by
 * scanNumber and by wideFraction.
 */
export function longNumber(b: Bytes, from: number, to: number, scale: number): number {
  const mantissa = readDigits(b, from, to);
  if (scale > 22) return Number.NaN;
  if (mantissa < 2 ** 53) return scale > 0 ? mantissa / (POW10[scale] as number) : mantissa;
  return scale > 0 && digits.k <= 4 ? wideValue(digits.hi, digits.lo, digits.k, -scale) : Number.NaN;
}

/** `hi·10^k + lo` times 10^power (power + k ≤ 0), correctly rounded, or NaN where that cannot be told (wideFraction). */
function wideValue(hi: number, lo: number, k: number, power: number): number {
  if (power + k > 0) return Number.NaN;
  const d = POW10[-(power + k)] as number;
  const p = POW10[-power] as number;
  const q = hi / d;
  let t = SPLIT * q;
  const qh = t - (t - q);
  const ql = q - qh;
  t = SPLIT * d;
  const dh = t - (t - d);
  const dl = d - dh;
  const ph = q * d;
  const pl = qh * dh - ph + qh * dl + ql * dh + ql * dl;
  const x = (hi - ph - pl) / d;
  const y = lo / p;
  const c = x + y;
  const slack = (Math.abs(x) + y) * 2 ** -49;
  const low = q + (c - slack);
  return low === q + (c + slack) ? low : Number.NaN;
}

/** `true`, `false` or `null` at `i`. */
export function scanLiteral(b: Bytes, i: number): number {
  const c = b[i] as number;
  // rue, alse, ull
  if (c === 116) return b[i + 1] === 114 && b[i + 2] === 117 && b[i + 3] === 101 ? i + 4 : -1;
  if (c === 102) return b[i + 1] === 97 && b[i + 2] === 108 && b[i + 3] === 115 && b[i + 4] === 101 ? i + 5 : -1;
  if (c === 110) return b[i + 1] === 117 && b[i + 2] === 108 && b[i + 3] === 108 ? i + 4 : -1;
  return -1;
}

/** Containers open while skipping a value: a bit per depth would do, but lines nest a few levels. */
const open: number[] = [];

/** Lets go of the stack a deeply nested line grew (a 4 MB line of `[` is two million entries). */
export function releaseOpen(): void {
  open.length = 0;
}

/**
 * Any JSON value at `i`, checked and passed over without recursion (JSON.parse takes nesting of any depth, so
 * must this): what the mapping does not read is only validated.
 */
export function skipValue(b: Bytes, i: number): number {
  let depth = 0;
  for (;;) {
    // A value is expected at i.
    i = skipSpace(b, i);
    const c = b[i] as number;
    if (c === 123 || c === 91) {
      i = skipSpace(b, i + 1);
      const close = c === 123 ? 125 : 93;
      if (b[i] === close) i++;
      else {
        open[depth++] = close;
        if (c === 123 && (i = key(b, i)) < 0) return -1;
        continue;
      }
    } else if (c === 34) i = scanString(b, i);
    else if (c === 45 || (c >= 48 && c <= 57)) i = scanNumber(b, i);
    else i = scanLiteral(b, i);
    if (i < 0) return -1;
    // After a value: close what it ended, or go on to the next member or element.
    for (;;) {
      if (depth === 0) return i;
      i = skipSpace(b, i);
      const d = b[i] as number;
      const close = open[depth - 1] as number;
      if (d === close) {
        depth--;
        i++;
      } else if (d === 44) {
        i++;
        if (close === 125 && (i = key(b, skipSpace(b, i))) < 0) return -1;
        break;
      } else return -1;
    }
  }
}

/** A member's key and colon at `i`; the position of its value after. */
function key(b: Bytes, i: number): number {
  if (b[i] !== 34 || (i = scanString(b, i)) < 0) return -1;
  i = skipSpace(b, i);
  return b[i] === 58 ? i + 1 : -1;
}
