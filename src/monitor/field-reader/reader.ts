import { numberEnd, readNumber } from './json-number.ts';
import type { FieldPlan } from './plan.ts';

/**
 * A JSON Lines record read for what a mapping reads of it (`plan.ts`), not whole: the members on the mapping's
 * paths are built, every other member is checked against JSON's grammar and skipped. `JSON.parse` spent most of a
 * numeric log line's time making numbers and objects the detectors never read; this makes the input's numbers
 * itself (`json-number.ts`) and nothing that is not read.
 *
 * The result is undefined whenever the line is not plainly an object this reader is sure of — not JSON, not an
 * object, a key or a string being built with an escape, nesting deeper than 64 — and the caller parses the line
 * whole then (`JSON.parse`, with its error for a line that is not JSON). Whatever it returns, the mapping reads
 * the same values from it as from `JSON.parse(text)`: every value on a plan's path is built as JSON.parse builds
 * it (a repeated key: the last one), and the text has been checked to be JSON from end to end.
 */
export function readFields(text: string, plan: FieldPlan): Record<string, unknown> | undefined {
  src = text;
  at = 0;
  space();
  if (src.charCodeAt(at) !== 123) return undefined;
  const record = partial(plan, 0);
  if (record === FAIL) return undefined;
  space();
  return at === src.length ? (record as Record<string, unknown>) : undefined;
}

/** The reader's state: the text and the position in it (one line is read at a time, and nothing here awaits). */
let src = '';
let at = 0;
const FAIL = Symbol('fail');
const DEEPEST = 64;

function space(): void {
  let c = src.charCodeAt(at);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = src.charCodeAt(++at);
}

/** A value on the plan's path, built only as far as the plan reads below it. */
function partial(plan: FieldPlan, depth: number): unknown {
  if (plan.whole) return whole(depth);
  const c = src.charCodeAt(at);
  if (c === 123) return depth >= DEEPEST ? FAIL : partialObject(plan, depth + 1);
  if (c === 91) return depth >= DEEPEST ? FAIL : partialArray(plan, depth + 1);
  return whole(depth);
}

function partialObject(plan: FieldPlan, depth: number): unknown {
  const out: Record<string, unknown> = {};
  at++;
  space();
  if (src.charCodeAt(at) === 125) {
    at++;
    return out;
  }
  for (;;) {
    if (src.charCodeAt(at) !== 34) return FAIL;
    const start = at + 1;
    if (!skipString()) return FAIL;
    const child = childOf(plan, start, at - 1);
    space();
    if (src.charCodeAt(at) !== 58) return FAIL;
    at++;
    space();
    if (child === ESCAPED) return FAIL;
    if (child === undefined) {
      if (!skip(depth)) return FAIL;
    } else {
      const value = partial(plan.nodes[child] as FieldPlan, depth);
      if (value === FAIL) return FAIL;
      // A repeated key keeps the last value, as JSON.parse does.
      out[plan.keys[child] as string] = value;
    }
    space();
    const c = src.charCodeAt(at++);
    if (c === 125) return out;
    if (c !== 44) return FAIL;
    space();
  }
}

const ESCAPED = -2;

/** Which of the plan's children the key between `start` and `end` is (undefined: none; ESCAPED: it has escapes). */
function childOf(plan: FieldPlan, start: number, end: number): number | undefined {
  const keys = plan.keys;
  const length = end - start;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key.length === length && src.startsWith(key, start)) return i;
  }
  // An escaped key may spell a child's name (\u0063lient is client): only JSON.parse decodes it.
  for (let i = start; i < end; i++) if (src.charCodeAt(i) === 92) return ESCAPED;
  return undefined;
}

function partialArray(plan: FieldPlan, depth: number): unknown {
  const out: unknown[] = [];
  at++;
  space();
  if (src.charCodeAt(at) === 93) {
    at++;
    return out;
  }
  for (;;) {
    // Elements the plan does not read keep their places (undefined), so indexes and the length are JSON.parse's.
    const child = plan.children.get(String(out.length));
    const value = child === undefined ? (skip(depth) ? undefined : FAIL) : partial(child, depth);
    if (value === FAIL) return FAIL;
    out.push(value);
    space();
    const c = src.charCodeAt(at++);
    if (c === 93) return out;
    if (c !== 44) return FAIL;
    space();
  }
}

/** A value read whole, as JSON.parse would build it. */
function whole(depth: number): unknown {
  const c = src.charCodeAt(at);
  if (c === 34) return text();
  if (c === 91) {
    if (depth >= DEEPEST) return FAIL;
    const out: unknown[] = [];
    at++;
    space();
    if (src.charCodeAt(at) === 93) {
      at++;
      return out;
    }
    for (;;) {
      const d = src.charCodeAt(at);
      let value: unknown;
      if (d === 45 || (d >= 48 && d <= 57)) {
        value = readNumber(src, at);
        if (numberEnd < 0) return FAIL;
        at = numberEnd;
      } else value = whole(depth + 1);
      if (value === FAIL) return FAIL;
      out.push(value);
      space();
      const next = src.charCodeAt(at++);
      if (next === 93) return out;
      if (next !== 44) return FAIL;
      space();
    }
  }
  if (c === 123) {
    // Objects read whole (a v2 tensor, tool calls) are rare on the numeric path: checked, then JSON.parse builds them.
    const start = at;
    if (!skip(depth)) return FAIL;
    return parsed(start);
  }
  if (c === 45 || (c >= 48 && c <= 57)) {
    const n = readNumber(src, at);
    if (numberEnd < 0) return FAIL;
    at = numberEnd;
    return n;
  }
  return literal();
}

function literal(): unknown {
  if (src.startsWith('true', at)) {
    at += 4;
    return true;
  }
  if (src.startsWith('false', at)) {
    at += 5;
    return false;
  }
  if (src.startsWith('null', at)) {
    at += 4;
    return null;
  }
  return FAIL;
}

/** A string's value: its text when it has no escape, otherwise JSON.parse of it (checked by `skipString` first). */
function text(): unknown {
  const start = at;
  if (!skipString()) return FAIL;
  for (let i = start + 1; i < at - 1; i++) if (src.charCodeAt(i) === 92) return parsed(start);
  return src.slice(start + 1, at - 1);
}

/** JSON.parse of the text checked from `start` to here; should it disagree with the check, the line is parsed whole. */
function parsed(start: number): unknown {
  try {
    return JSON.parse(src.slice(start, at));
  } catch {
    return FAIL;
  }
}

/** Past a string (at its opening quote), checking it: no raw control character, only JSON's escapes. */
function skipString(): boolean {
  let i = at + 1;
  for (;;) {
    const c = src.charCodeAt(i);
    if (c === 34) break;
    if (c < 32 || Number.isNaN(c)) return false;
    if (c === 92) {
      const e = src.charCodeAt(i + 1);
      if (e === 117) {
        for (let h = i + 2; h < i + 6; h++) if (!isHex(src.charCodeAt(h))) return false;
        i += 6;
        continue;
      }
      if (!(e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116)) return false;
      i += 2;
      continue;
    }
    i++;
  }
  at = i + 1;
  return true;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Past any JSON value, checking it and building nothing. */
function skip(depth: number): boolean {
  const c = src.charCodeAt(at);
  if (c === 34) return skipString();
  if (c === 123 || c === 91) {
    if (depth >= DEEPEST) return false;
    const close = c === 123 ? 125 : 93;
    at++;
    space();
    if (src.charCodeAt(at) === close) {
      at++;
      return true;
    }
    for (;;) {
      if (c === 123) {
        if (src.charCodeAt(at) !== 34 || !skipString()) return false;
        space();
        if (src.charCodeAt(at++) !== 58) return false;
        space();
      }
      if (!skip(depth + 1)) return false;
      space();
      const next = src.charCodeAt(at++);
      if (next === close) return true;
      if (next !== 44) return false;
      space();
    }
  }
  if (c === 45 || (c >= 48 && c <= 57)) {
    readNumber(src, at);
    if (numberEnd < 0) return false;
    at = numberEnd;
    return true;
  }
  return literal() !== FAIL;
}
