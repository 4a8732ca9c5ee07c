/**
 * JSON files read by `JSON.parse` — a fraction of the memory and time of a YAML parse with positions — and scanned
 * again only for what `JSON.parse` does not say: which key is repeated (YAML refuses that, so JSON must too) and,
 * when a message needs it, where the value at a path starts.
 */
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COLON = 58;

/** The parsed value when `text` is one JSON document (leading whitespace allowed), else undefined. */
export function parseJson(text: string): { data: unknown } | undefined {
  const first = text.charCodeAt(skipSpace(text, 0));
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) return undefined;
  try {
    return { data: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Offset of the first key that repeats an earlier key of the same object, in valid JSON text. */
export function firstDuplicateKey(text: string): number | undefined {
  const open: (Set<string> | undefined)[] = [];
  for (let at = 0; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c === QUOTE) {
      const end = stringEnd(text, at);
      const keys = open[open.length - 1];
      if (keys && text.charCodeAt(skipSpace(text, end)) === COLON) {
        const key = keyOf(text, at, end);
        if (keys.has(key)) return at;
        keys.add(key);
      }
      at = end - 1;
    } else if (c === OPEN_OBJECT) open.push(new Set());
    else if (c === OPEN_ARRAY) open.push(undefined);
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) open.pop();
  }
  return undefined;
}

/**
 * Finds where values start in valid JSON text. Arrays of many elements keep their elements' offsets once scanned, so
 * locating each of 100,000 components costs one scan of the array, not one per component.
 */
export class JsonLocator {
  private readonly elements = new Map<number, Uint32Array>();

  constructor(private readonly text: string) {}

  /** Offset of the value at `path`, or of the deepest value on the way that exists. */
  offset(path: ReadonlyArray<PropertyKey>): number {
    let at = skipSpace(this.text, 0);
    for (const key of path) {
      const c = this.text.charCodeAt(at);
      const next = c === OPEN_OBJECT ? this.member(at, String(key)) : c === OPEN_ARRAY ? this.element(at, Number(key)) : undefined;
      if (next === undefined) return at;
      at = next;
    }
    return at;
  }

  private member(open: number, key: string): number | undefined {
    const text = this.text;
    let at = skipSpace(text, open + 1);
    while (text.charCodeAt(at) === QUOTE) {
      const end = stringEnd(text, at);
      const value = skipSpace(text, skipSpace(text, end) + 1);
      if (keyOf(text, at, end) === key) return value;
      at = skipSpace(text, valueEnd(text, value));
      if (text[at] !== ',') return undefined;
      at = skipSpace(text, at + 1);
    }
    return undefined;
  }

  private element(open: number, index: number): number | undefined {
    let offsets = this.elements.get(open);
    if (!offsets) {
      offsets = elementOffsets(this.text, open);
      if (offsets.length >= 64) this.elements.set(open, offsets);
    }
    return Number.isInteger(index) ? offsets[index] : undefined;
  }
}

function elementOffsets(text: string, open: number): Uint32Array {
  const offsets: number[] = [];
  let at = skipSpace(text, open + 1);
  while (at < text.length && text.charCodeAt(at) !== CLOSE_ARRAY) {
    offsets.push(at);
    at = skipSpace(text, valueEnd(text, at));
    if (text[at] !== ',') break;
    at = skipSpace(text, at + 1);
  }
  return Uint32Array.from(offsets);
}

function skipSpace(text: string, at: number): number {
  for (;;) {
    const c = text.charCodeAt(at);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return at;
    at++;
  }
}

/** The offset just past the string that opens at `at`. */
function stringEnd(text: string, at: number): number {
  for (let from = at + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

function keyOf(text: string, at: number, end: number): string {
  const raw = text.slice(at + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(at, end)) as string) : raw;
}

/** The offset just past the value that starts at `at`. */
function valueEnd(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === QUOTE) return stringEnd(text, at);
  if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) {
    let end = at;
    while (end < text.length && !',]} \t\n\r'.includes(text[end] as string)) end++;
    return end;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === QUOTE) i = stringEnd(text, i) - 1;
    else if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
    else if ((d === CLOSE_OBJECT || d === CLOSE_ARRAY) && --depth === 0) return i + 1;
  }
  return text.length;
}
