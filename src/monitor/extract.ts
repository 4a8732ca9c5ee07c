import type { InferenceEvent } from './event.ts';
import type { Mapping } from './mapping.ts';
import { readPath, type CompiledPath } from './path.ts';

/**
 * One parsed log line → the events it records. Values are read leniently, as logs write them: numbers as
 * strings, OTel attribute lists, KServe v2 tensors (`shape` + flat `data`), chat messages as arrays or JSON
 * text. A batched call (rows of inputs) gives one event per row with the same line number.
 */
export function eventsOf(line: unknown, mapping: Mapping, source: string, lineNo: number, transient = false): InferenceEvent[] {
  const records = mapping.records ? readPath(line, mapping.records) : undefined;
  const list = Array.isArray(records) && records.length > 0 ? records : [line];
  const out: InferenceEvent[] = [];
  const f = mapping.fields;
  // The label and the scores often come from one field (KServe's predictions): read and convert it once.
  const sharedAnswer = f.label !== undefined && mapping.paths.label === mapping.paths.scores;
  for (const raw of list) {
    const record = withAttributes(raw);
    const base: InferenceEvent = { source, line: lineNo, client: textOf(read(record, f.client))?.slice(0, 200) || 'unknown' };
    const time = timeOf(read(record, f.time), mapping.timeUnit);
    if (time !== undefined) base.time = time;
    // A mapping without a prompt, reply or tool calls (the numeric presets) reads nothing for them.
    if (f.prompt) {
      const messages = read(record, f.prompt);
      const prompt = promptOf(messages);
      if (prompt) base.prompt = prompt;
      const system = systemOf(messages);
      if (system) base.system = system;
    }
    if (f.reply) {
      const reply = promptOf(read(record, f.reply), true);
      if (reply) base.reply = reply;
    }
    setNumber(base, 'tokensIn', read(record, f.tokensIn));
    setNumber(base, 'tokensOut', read(record, f.tokensOut));
    setNumber(base, 'latencyMs', read(record, f.latency));
    if (f.toolCalls) {
      const tools = toolCallsOf(read(record, f.toolCalls));
      if (tools.length > 0) base.toolCalls = tools;
    }

    const inputs = rowsOf(read(record, f.input), false, transient);
    // Scores come as rows (one per input); a flat list is a list of labels, never one row of scores.
    const answer = read(record, f.scores);
    const scores = rowsOf(answer, true);
    const labels = sharedAnswer ? labelsOf(answer, scores) : labelsOf(read(record, f.label));
    pushEvents(out, base, inputs, scores, labels);
  }
  return out;
}

/** One event per input row (one when there is none), each with its row's scores and label: shared with fast-line/. */
export function pushEvents(out: InferenceEvent[], base: InferenceEvent, inputs: readonly (Float64Array | undefined)[], scores: readonly (Float64Array | undefined)[], labels: readonly (string | undefined)[]): void {
  const n = Math.max(inputs.length, 1);
  for (let i = 0; i < n; i++) {
    const event: InferenceEvent = i === 0 ? base : { ...base };
    const x = inputs[i];
    if (x) event.input = x;
    const s = scores[i];
    if (s && s.length > 1) event.scores = plain(s);
    const label = labels[i] ?? (s && s.length > 1 ? String(argmax(s)) : undefined);
    if (label !== undefined) event.label = label;
    out.push(event);
  }
}

/** The value at `path` in the record (undefined when the mapping has no such field): no closure per record. */
function read(record: unknown, path: CompiledPath | undefined): unknown {
  return path ? readPath(record, path) : undefined;
}

/** A plain array of the row's numbers: `Array.from` walks a typed array through its iterator, several times slower. */
function plain(row: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < row.length; i++) out.push(row[i] as number);
  return out;
}

export function setNumber(event: InferenceEvent, key: 'tokensIn' | 'tokensOut' | 'latencyMs', value: unknown): void {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (Number.isFinite(n) && n >= 0) event[key] = n;
}

/** OTLP writes attributes as `[{ key, value: { stringValue | intValue | … } }]`; paths read them as an object. */
function withAttributes(record: unknown): unknown {
  if (!record || typeof record !== 'object') return record;
  const attrs = (record as { attributes?: unknown }).attributes;
  if (!Array.isArray(attrs)) return record;
  const flat: Record<string, unknown> = {};
  for (const a of attrs) if (a && typeof a === 'object' && typeof a.key === 'string') flat[a.key] = anyValue(a.value);
  return { ...record, attributes: flat };
}

function anyValue(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if ('stringValue' in o) return o.stringValue;
  if ('intValue' in o) return Number(o.intValue);
  if ('doubleValue' in o) return o.doubleValue;
  if ('boolValue' in o) return o.boolValue;
  if ('arrayValue' in o) return ((o.arrayValue as { values?: unknown[] })?.values ?? []).map(anyValue);
  return v;
}

const UNIT = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 } as const;

export function timeOf(value: unknown, unit: Mapping['timeUnit']): number | undefined {
  let n: number;
  if (typeof value === 'number') n = value;
  // An ISO 8601 date ('2026-…') is no number: straight to Date.parse, without the numeric pattern's test.
  else if (typeof value === 'string' && value.charCodeAt(4) !== 45 && /^\d+(\.\d+)?$/.test(value.trim())) n = Number(value);
  else if (typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isFinite(t) ? t : undefined;
  } else return undefined;
  if (!Number.isFinite(n)) return undefined;
  if (unit !== 'auto') return n * UNIT[unit];
  // Seconds until 5138, milliseconds, microseconds and nanoseconds since the epoch have disjoint magnitudes.
  if (n > 1e17) return n / 1e6;
  if (n > 1e14) return n / 1e3;
  if (n > 1e11) return n;
  return n * 1000;
}

export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Chat messages in any of the shapes logs use; for prompts, the user's and tools' turns (where injections arrive). */
export function promptOf(value: unknown, reply = false): string | undefined {
  if (typeof value === 'string') {
    const t = value.trim();
    if ((t.startsWith('[') || t.startsWith('{')) && t.length > 1) {
      try {
        return promptOf(JSON.parse(t), reply) ?? value;
      } catch {
        return value;
      }
    }
    return value;
  }
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (const m of value) {
      if (typeof m === 'string') parts.push(m);
      else if (m && typeof m === 'object') {
        const role = (m as { role?: unknown }).role;
        if (!reply && (role === 'system' || role === 'assistant' || role === 'developer')) continue;
        const text = contentOf(m);
        if (text) parts.push(text);
      }
    }
    return parts.length > 0 ? parts.join('\n') : undefined;
  }
  if (value && typeof value === 'object') return contentOf(value);
  return undefined;
}

/** The system and developer turns of chat messages (an array, or JSON text of one), joined; none for other shapes. */
export function systemOf(value: unknown): string | undefined {
  const list = typeof value === 'string' && value.trim().startsWith('[') ? safeJson(value.trim()) : value;
  if (!Array.isArray(list)) return undefined;
  const parts: string[] = [];
  for (const m of list) {
    if (!m || typeof m !== 'object') continue;
    const role = (m as { role?: unknown }).role;
    if (role !== 'system' && role !== 'developer') continue;
    const text = contentOf(m);
    if (text) parts.push(text);
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}

function contentOf(m: object): string | undefined {
  const o = m as { content?: unknown; text?: unknown; parts?: unknown; message?: unknown };
  const c = o.content ?? o.text ?? o.parts ?? o.message;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((p) => (typeof p === 'string' ? p : p && typeof p === 'object' ? String((p as { text?: unknown; content?: unknown }).text ?? (p as { content?: unknown }).content ?? '') : '')).join('\n');
  if (c && typeof c === 'object') return contentOf(c);
  return undefined;
}

export function toolCallsOf(value: unknown): { name: string; arguments: string }[] {
  const list = typeof value === 'string' ? safeJson(value) : value;
  if (!Array.isArray(list)) return [];
  const out: { name: string; arguments: string }[] = [];
  for (const c of list) {
    if (typeof c === 'string') out.push({ name: c, arguments: '' });
    else if (c && typeof c === 'object') {
      const fn = ((c as { function?: unknown }).function ?? c) as { name?: unknown; arguments?: unknown };
      const args = typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? {});
      out.push({ name: typeof fn.name === 'string' ? fn.name : 'unknown', arguments: args });
    }
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Rows of numbers: a matrix, one vector, or a v2 tensor `{ shape: [rows, …], data: [flat] }`. `transient` rows
 * of a matrix or vector are written into reused buffers, valid until the next line is read (the monitor's
 * detectors copy what they keep).
 */
export function rowsOf(value: unknown, matrixOnly = false, transient = false): (Float64Array | undefined)[] {
  if (!value) return [];
  if (Array.isArray(value)) {
    if (value.length === 0) return [];
    // A row that is not numbers (an empty score list of a label-only API) keeps its place: rows align with labels.
    // An instance that is itself nested (an image as rows of pixels, H×W or H×W×C as TF Serving's `instances` carry
    // it) is one input, flattened: read as numbers it was no input at all, and the numeric detectors saw nothing.
    if (Array.isArray(value[0])) return value.map((row, i) => numbers(flattened(row), transient ? i : -1));
    if (matrixOnly) return [];
    const one = numbers(value, transient ? 0 : -1);
    return one ? [one] : [];
  }
  if (typeof value === 'object') {
    const { shape, data } = value as { shape?: unknown; data?: unknown };
    const flat = Array.isArray(data) ? numbers(flattened(data)) : undefined;
    if (!flat) return [];
    if (matrixOnly && !(Array.isArray(shape) && shape.length > 1)) return [];
    const rows = Array.isArray(shape) && shape.length > 1 && Number(shape[0]) > 0 ? Number(shape[0]) : 1;
    // A row count the data cannot fill (`"shape": [1e9, 4]` beside 4 numbers) is a damaged line, not a billion empty
    // rows: allocating them ran the process out of memory.
    if (!Number.isInteger(rows) || flat.length % rows !== 0) throw new Error(`a tensor's shape [${(shape as unknown[]).slice(0, 4).join(', ')}] does not divide its ${flat.length} numbers into rows`);
    const width = flat.length / rows;
    return Array.from({ length: rows }, (_, r) => flat.subarray(r * width, (r + 1) * width));
  }
  return [];
}

/** Buffers for transient rows, by row index and length: a typed array of this size costs a large allocation. */
const buffers: Float64Array[] = [];

/** The reused buffer for transient row `index` of this length (a new array past the 64th row). */
export function transientRow(index: number, length: number): Float64Array {
  if (index >= 64) return new Float64Array(length);
  const kept = buffers[index];
  return kept?.length === length ? kept : (buffers[index] = new Float64Array(length));
}

/** The reused buffer of transient row `index` as the last line left it, if any: the fast reader writes a row straight in. */
export function keptRow(index: number): Float64Array | undefined {
  return index < 64 ? buffers[index] : undefined;
}

/**
 * A nested array's values in order, three levels deep at most (as `flat(3)`: a batch of H×W×C images); a flat array
 * as it is. Our own loop: `flat(3)` of a 784-number array took ~60 µs.
 */
function flattened(row: unknown): unknown {
  if (!Array.isArray(row) || !row.some(Array.isArray)) return row;
  const out: unknown[] = [];
  const walk = (v: readonly unknown[], depth: number): void => {
    for (const item of v) {
      if (Array.isArray(item) && depth > 0) walk(item, depth - 1);
      else out.push(item);
    }
  };
  walk(row, 3);
  return out;
}

function numbers(row: unknown, buffer = -1): Float64Array | undefined {
  if (!Array.isArray(row) || row.length === 0) return undefined;
  const out = buffer < 0 ? new Float64Array(row.length) : transientRow(buffer, row.length);
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
    if (!Number.isFinite(n)) return undefined;
    out[i] = n;
  }
  return out;
}

/** Labels per row: scalars, a list of scalars, or the argmax of score rows (`rows`: the value's rows, when already read). */
export function labelsOf(value: unknown, rows?: readonly (Float64Array | undefined)[]): (string | undefined)[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'number' || typeof value === 'string') return [String(value)];
  if (Array.isArray(value)) {
    const matrix = rows !== undefined && rows.length === value.length;
    return value.map((v, i) => {
      if (typeof v === 'number' || typeof v === 'string') return String(v);
      if (!Array.isArray(v)) return undefined;
      const row = matrix ? rows[i] : numbers(v);
      return row ? String(argmax(row)) : undefined;
    });
  }
  if (typeof value === 'object') {
    const rows = rowsOf(value);
    return rows.map((r) => (!r ? undefined : r.length > 1 ? String(argmax(r)) : r.length === 1 ? String(r[0]) : undefined));
  }
  return [];
}

export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if ((v[i] as number) > (v[best] as number)) best = i;
  return best;
}
