/** The first line (1-based) of `source` on which `needle` appears as a word, for formats read without positions. */
export function lineOf(source: string, needle: string, from = 0): number | undefined {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(^|[^A-Za-z0-9_.-])${escaped}($|[^A-Za-z0-9_-])`, 'mi').exec(source.slice(from));
  if (!match) return undefined;
  return source.slice(0, from + match.index).split('\n').length + (match[1] === '\n' ? 1 : 0);
}
