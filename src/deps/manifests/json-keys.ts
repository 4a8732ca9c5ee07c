import { inputError } from '../../errors.ts';

/** JSON manifests: parsed with JSON.parse (lock files run to megabytes), with a syntax error placed by line. */
export function parseJson(file: string, source: string): unknown {
  try {
    return JSON.parse(source);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    const line = at?.[1] ? source.slice(0, Number(at[1])).split('\n').length : undefined;
    throw inputError(`not valid JSON: ${(error as Error).message}`, { file, ...(line ? { line } : {}) }, 'fix the syntax at that position');
  }
}

/**
 * The line of the first occurrence of each object key opened in `source` (`"key": {`), found in one pass:
 * lock files are too large to search once per package.
 */
export function objectKeyLines(source: string): Map<string, number> {
  const lines = new Map<string, number>();
  const pattern = /"((?:[^"\\\n]|\\.)*)"\s*:\s*\{|\n/g;
  let line = 1;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    if (match[0] === '\n') line += 1;
    else if (match[1] !== undefined && !lines.has(match[1])) lines.set(match[1], line);
  }
  return lines;
}
