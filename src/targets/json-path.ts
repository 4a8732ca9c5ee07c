/**
 * Dotted paths into JSON values, e.g. `predictions.0.scores` or `outputs[0].data`; `""` is the value itself.
 * Deliberately tiny: target files name one place, they do not query (JSONata is there for that). `*` maps the
 * rest of the path over every element of an array: `predictions.*.label` is the label of each answer.
 */
export function splitPath(path: string): (string | number)[] {
  if (path.trim() === '' || path === '$') return [];
  return path
    .replace(/\[(\d+|\*)\]/g, '.$1')
    .split('.')
    .filter((part) => part !== '' && part !== '$')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function getPath(value: unknown, path: string): unknown {
  return walk(value, splitPath(path));
}

function walk(value: unknown, keys: readonly (string | number)[]): unknown {
  let current = value;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string | number;
    if (key === '*') {
      if (!Array.isArray(current)) return undefined;
      const rest = keys.slice(i + 1);
      return current.map((item) => walk(item, rest));
    }
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/**
 * Where a path stops finding anything, for messages: the longest prefix that exists, and what is there.
 * E.g. `probabilities.0` in `{ predictions: [3] }` → "the response has no "probabilities" (it has keys predictions)".
 */
export function explainMiss(value: unknown, path: string): string {
  const keys = splitPath(path);
  let current = value;
  const seen: (string | number)[] = [];
  for (const key of keys) {
    if (key === '*') {
      if (!Array.isArray(current)) return `${where(seen)} is ${describe(current)}, not an array to map "*" over`;
      if (current.length === 0) return `${where(seen)} is an empty array`;
      current = current[0];
      seen.push(0);
      continue;
    }
    const next = current !== null && typeof current === 'object' ? (current as Record<string | number, unknown>)[key] : undefined;
    if (next === undefined) return `${where(seen)} is ${describe(current)}, with no ${typeof key === 'number' ? `element ${key}` : `"${key}"`}`;
    current = next;
    seen.push(key);
  }
  return `${where(seen)} is ${describe(current)}`;
}

function where(keys: readonly (string | number)[]): string {
  return keys.length === 0 ? 'the response' : `"${keys.join('.')}"`;
}

/** A short description of a JSON value for messages: its type and size, or a quote when small. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty array';
    const kinds = [...new Set(value.map((v) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v)))];
    return `an array of ${value.length} ${kinds.length === 1 ? `${kinds[0]}${value.length > 1 ? 's' : ''}` : 'mixed values'}`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}`;
  }
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

/** A deep copy of `template` with `value` placed at `path` (intermediate objects created as needed). */
export function setPath(template: unknown, path: string, value: unknown): unknown {
  const keys = splitPath(path);
  if (keys.length === 0) return value;
  const root: unknown = structuredClone(template ?? {});
  let current = root as Record<string | number, unknown>;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      current[key] = value;
      return;
    }
    const next = current[key];
    if (next === null || typeof next !== 'object') current[key] = typeof keys[i + 1] === 'number' ? [] : {};
    current = current[key] as Record<string | number, unknown>;
  });
  return root;
}
