/** Powers of ten that doubles hold exactly (10²² is the last). */
const POWERS = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Where the last number read ended (−1: not a JSON number there). */
export let numberEnd = -1;

/**
 * The JSON number starting at `at` in `text`, exactly as `JSON.parse` gives it, or NaN with `numberEnd` −1 when
 * the text there is not one (the grammar of ECMA-404: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`).
 * Up to 15 significant digits and a power of ten of at most 22 either way, an integer mantissa and the power are
 * both exact doubles, so one multiplication or division rounds correctly (Clinger's fast path): the same double
 * as a correctly rounding parser. Anything else goes to `Number`, which reads any JSON number as JSON.parse does.
 */
export function readNumber(text: string, at: number): number {
  let i = at;
  let c = text.charCodeAt(i);
  const negative = c === 45;
  if (negative) c = text.charCodeAt(++i);
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  if (c === 48) c = text.charCodeAt(++i);
  else if (c >= 49 && c <= 57) {
    do {
      if (digits < 16) mantissa = mantissa * 10 + (c - 48);
      else exponent++;
      digits++;
      c = text.charCodeAt(++i);
    } while (c >= 48 && c <= 57);
  } else {
    numberEnd = -1;
    return Number.NaN;
  }
  if (c === 46) {
    c = text.charCodeAt(++i);
    if (!(c >= 48 && c <= 57)) {
      numberEnd = -1;
      return Number.NaN;
    }
    do {
      // Leading zeros of a fraction (0.000123) are no significant digits.
      if (digits < 16) {
        mantissa = mantissa * 10 + (c - 48);
        exponent--;
        if (mantissa !== 0) digits++;
      }
      c = text.charCodeAt(++i);
    } while (c >= 48 && c <= 57);
  }
  if (c === 101 || c === 69) {
    c = text.charCodeAt(++i);
    let sign = 1;
    if (c === 43 || c === 45) {
      if (c === 45) sign = -1;
      c = text.charCodeAt(++i);
    }
    if (!(c >= 48 && c <= 57)) {
      numberEnd = -1;
      return Number.NaN;
    }
    let e = 0;
    do {
      if (e < 100_000) e = e * 10 + (c - 48);
      c = text.charCodeAt(++i);
    } while (c >= 48 && c <= 57);
    exponent += sign * e;
  }
  numberEnd = i;
  if (digits > 15 || exponent > 22 || exponent < -22) return Number(text.slice(at, i));
  const value = exponent >= 0 ? mantissa * (POWERS[exponent] as number) : mantissa / (POWERS[-exponent] as number);
  return negative ? -value : value;
}
