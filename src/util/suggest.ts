/** The option closest to a mistyped value, if it is close enough to be what was meant. */
export function closest(input: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const option of options) {
    const d = distance(input.toLowerCase(), option.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [option, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

/** Levenshtein distance, two rows at a time. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** A zod error message for a value outside a long list: names the likely intent instead of the whole list. */
export function unknownValue(what: string, options: readonly string[]): (issue: { input?: unknown }) => string {
  return (issue) => {
    const guess = typeof issue.input === 'string' ? closest(issue.input, options) : undefined;
    return `${JSON.stringify(issue.input)} is not a known ${what}${guess ? ` — did you mean "${guess}"?` : ` (one of: ${options.join(', ')})`}`;
  };
}
