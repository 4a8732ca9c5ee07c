/**
 * Paths into a log record: dotted keys, `[0]` indexes, `["key.with.dots"]` for keys that contain dots (OTel
 * attribute names), `[*]` to fan out over an array, and `a|b` for the first of several that is present.
 * Compiled once per mapping: the monitor reads tens of thousands of records a second.
 */
export type Step = string | number | '*';
export type CompiledPath = Step[][];

export function compilePath(path: string): CompiledPath {
  return path.split('|').map((alternative) => {
    const steps: Step[] = [];
    const re = /\[(\d+)\]|\[\*\]|\["([^"]*)"\]|\['([^']*)'\]|([^.[\]]+)/g;
    for (const match of alternative.trim().matchAll(re)) {
      if (match[1] !== undefined) steps.push(Number(match[1]));
      else if (match[0] === '[*]') steps.push('*');
      else steps.push((match[2] ?? match[3] ?? match[4]) as string);
    }
    return steps;
  });
}

/** Whether the path's syntax is understood: every character belongs to a step. */
export function pathProblem(path: string): string | undefined {
  for (const alternative of path.split('|')) {
    const rest = alternative.trim().replace(/\[(\d+)\]|\[\*\]|\["([^"]*)"\]|\['([^']*)'\]|([^.[\]]+)|\./g, '');
    if (alternative.trim() === '') return `an empty alternative in "${path}"`;
    if (rest !== '') return `cannot read "${rest}" in "${path}" (use a.b, a[0], a["x.y"], a[*], a|b)`;
  }
  return undefined;
}

/** The first alternative that yields something; `[*]` steps return arrays of what each element gives. */
export function readPath(value: unknown, path: CompiledPath): unknown {
  for (const steps of path) {
    const got = walk(value, steps, 0);
    if (got !== undefined && got !== null) return got;
  }
  return undefined;
}

function walk(value: unknown, steps: readonly Step[], from: number): unknown {
  let current = value;
  for (let i = from; i < steps.length; i++) {
    if (current === null || typeof current !== 'object') return undefined;
    const step = steps[i] as Step;
    if (step === '*') {
      if (!Array.isArray(current)) return undefined;
      // Nested fans flatten into one list; the last fan keeps each element whole (a vector stays a vector).
      const nested = steps.indexOf('*', i + 1) >= 0;
      const out: unknown[] = [];
      for (const item of current) {
        const got = walk(item, steps, i + 1);
        if (got === undefined || got === null) continue;
        if (nested && Array.isArray(got)) out.push(...(got as unknown[]));
        else out.push(got);
      }
      return out;
    }
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}
