/** PAX records by keyword (`path`, `linkpath`, `size`, `GNU.sparse.*`…), later records winning. */
export type Pax = Map<string, string>;

/**
 * A tar number field as tarfile's `nti` reads it: base-256 when the first byte is 0x80 (positive) or 0xff
 * (negative), else octal text up to the first NUL, with surrounding spaces (and Python `int()`'s sign and
 * underscores). Undefined when tarfile would refuse it.
 */
export function tarNumber(b: Uint8Array, at: number, len: number): number | undefined {
  const first = b[at]!;
  if (first === 0x80 || first === 0xff) {
    let v = 0;
    for (let k = at + 1; k < at + len; k++) v = v * 256 + b[k]!;
    if (first === 0xff) v -= 256 ** (len - 1);
    return v;
  }
  let text = '';
  for (let k = at; k < at + len && b[k] !== 0; k++) text += String.fromCharCode(b[k]!);
  text = text.trim();
  if (text === '') return 0;
  if (!/^[+-]?[0-7](?:_?[0-7])*$/.test(text)) return undefined;
  return parseInt(text.replace(/_/g, ''), 8);
}

/**
 * PAX extended header records, `"%d %s=%s\n"` where the number is the record's whole length, read as
 * tarfile reads them (one pass; a record that does not end with a newline where its length says stops
 * the parse, as tarfile's InvalidHeaderError does).
 */
export function parsePax(body: Uint8Array): { values: Pax; problem?: string } {
  const values: Pax = new Map();
  const bytes = body;
  let pos = 0;
  while (pos < bytes.length && bytes[pos] !== 0) {
    let k = pos;
    let length = 0;
    while (k < bytes.length && bytes[k]! >= 0x30 && bytes[k]! <= 0x39 && k - pos < 20) length = length * 10 + bytes[k++]! - 0x30;
    if (k === pos || bytes[k] !== 0x20 || length === 0) return { values, problem: `bad record at ${pos}` };
    const eq = bytes.indexOf(0x3d, k + 1);
    const end = pos + length - 1;
    if (eq < 0 || eq >= end || end >= bytes.length || bytes[end] !== 0x0a) return { values, problem: `record at ${pos} does not end where its length says` };
    const decode = (from: number, to: number): string => new TextDecoder().decode(bytes.subarray(from, to));
    values.set(decode(k + 1, eq), decode(eq + 1, end));
    pos += length;
  }
  return { values };
}
