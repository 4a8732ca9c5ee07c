/** One call's inputs in every form a template may ask for. */
export interface Batch {
  /** The feature vectors as plain lists. */
  raw: number[][];
  /** Each input as the file writes it (list, record or nested tensor). */
  inputs: unknown[];
  columns: string[] | undefined;
  records: Record<string, number>[] | undefined;
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;
const WHOLE = /^\{\{\s*([\w.]+)\s*\}\}$/;

/** Values a string that is only a placeholder becomes (JSON values, not text). */
const VALUES: Record<string, (b: Batch) => unknown> = {
  inputs: (b) => b.inputs,
  input: (b) => b.inputs[0],
  columns: (b) => need(b.columns, 'columns'),
  records: (b) => need(b.records, 'records'),
  n: (b) => b.inputs.length,
};

/** Text a placeholder inside a longer string becomes. */
const TEXTS: Record<string, (b: Batch) => string> = {
  input: (b) => (b.raw[0] ?? []).join(','),
  'input.csv': (b) => (b.raw[0] ?? []).join(','),
  'input.json': (b) => JSON.stringify(b.inputs[0]),
  'inputs.json': (b) => JSON.stringify(b.inputs),
  'inputs.csv': (b) => b.raw.map((x) => x.join(',')).join('\n'),
  'columns.csv': (b) => need(b.columns, 'columns').join(','),
  n: (b) => String(b.inputs.length),
};

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new TypeError(`{{${what}}} needs request.columns`);
  return value;
}

export function hasPlaceholder(template: unknown): boolean {
  if (typeof template === 'string') return new RegExp(PLACEHOLDER.source).test(template);
  if (Array.isArray(template)) return template.some(hasPlaceholder);
  if (template !== null && typeof template === 'object') return Object.values(template).some(hasPlaceholder);
  return false;
}

/**
 * A copy of the template with its placeholders filled: a string that is only `{{inputs}}` (or input, columns,
 * records, n) becomes that JSON value; a placeholder inside a longer string becomes text (`{{input}}` is the
 * features comma-separated; `{{input.json}}`, `{{inputs.json}}`, `{{inputs.csv}}`, `{{columns.csv}}`).
 */
export function fillTemplate(template: unknown, batch: Batch, path: string): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole && VALUES[whole[1] as string]) return (VALUES[whole[1] as string] as (b: Batch) => unknown)(batch);
    return template.replace(PLACEHOLDER, (_, name: string) => {
      const text = TEXTS[name];
      if (!text) throw new TypeError(`unknown placeholder {{${name}}} at ${path} (known: ${[...new Set([...Object.keys(VALUES), ...Object.keys(TEXTS)])].join(', ')})`);
      return text(batch);
    });
  }
  if (Array.isArray(template)) return template.map((t, i) => fillTemplate(t, batch, `${path}[${i}]`));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, batch, `${path}.${k}`)]));
  }
  return template;
}
