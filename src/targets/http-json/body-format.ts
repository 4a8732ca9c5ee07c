import { ProtocolError } from '../guarded-target.ts';

export type BodyFormat = 'json' | 'csv' | 'text';

/**
 * The answer's body as a JSON value: JSON as it is; CSV or text as rows of cells (numbers parsed), a single
 * column as a flat list, a header row as records keyed by it. `format` wins over the content-type.
 */
export function parseBody(text: string, contentType: string | null, format: BodyFormat | undefined, status: number): unknown {
  const type = contentType ?? '';
  const chosen = format ?? (/csv/i.test(type) ? 'csv' : /^text\/plain/i.test(type) && !looksJson(text) ? 'text' : 'json');
  if (chosen !== 'json') return parseRows(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Python's json module and others write NaN and Infinity bare; say so, quoting where, not just the start.
    const bare = /(?<![\w".])(-?Infinity|NaN)(?![\w"])/.exec(text);
    if (bare) {
      const near = `${bare.index > 50 ? '…' : ''}${text.slice(Math.max(0, bare.index - 50), bare.index + 20)}…`;
      throw new ProtocolError(`answer is not valid JSON: it holds a bare ${bare[1]} (a score that is not a number?) (${type || 'no content-type'}): ${JSON.stringify(near)}`, status);
    }
    throw new ProtocolError(`answer is not JSON (${type || 'no content-type'}): ${JSON.stringify(text.slice(0, 120))}${format === undefined ? '; if it is CSV or text, say response.format' : ''}`, status);
  }
}

function looksJson(text: string): boolean {
  return /^\s*[[{"]/.test(text);
}

/** CSV or line-per-answer text. Quoted cells may hold commas; numbers become numbers. */
export function parseRows(text: string): unknown {
  const rows = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map(splitCells);
  const numeric = (row: unknown[]): boolean => row.every((c) => typeof c === 'number');
  let body: unknown[] = rows;
  const [first, second] = rows;
  if (first && second && !numeric(first) && numeric(second) && first.length === second.length) {
    const header = first.map(String);
    body = rows.slice(1).map((row) => Object.fromEntries(header.map((h, k) => [h, row[k]])));
  } else if (rows.every((row) => row.length === 1)) {
    body = rows.map((row) => row[0]);
  }
  return body;
}

function splitCells(line: string): unknown[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === '"' && quoted && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => {
    const t = c.trim();
    return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
  });
}
