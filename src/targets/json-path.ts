/**
 * Dotted paths into JSON values, e.g. `predictions.0.scores` or `outputs[0].data`; `""` is the value itself.
 * Deliberately tiny: target files name one place, they do not query.
 */
export function splitPath(path: string): (string | number)[] {
  if (path.trim() === '' || path === '$') return [];
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((part) => part !== '' && part !== '$')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function getPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of splitPath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
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
