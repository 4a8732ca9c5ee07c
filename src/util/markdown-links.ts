import { dirname, join, normalize } from 'node:path';

/**
 * Relative links and anchors in Markdown, checked without a network: what moving a README section into docs/ breaks
 * (a `src/…` link that now needs `../`, an anchor that now lives in another file). Pure: the caller reads the files.
 */

export type BrokenLink = { file: string; line: number; target: string; problem: string };

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped (not `-` or `_`), spaces to hyphens. */
export function headingAnchor(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text, not its address
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The lines outside fenced code blocks, with their 1-based numbers: `#` comments in a shell block are no headings. */
function proseLines(text: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((raw, index) => {
    const opener = /^\s*(`{3,}|~{3,})/.exec(raw);
    if (opener) {
      const marker = opener[1]!;
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return;
    }
    if (fence === undefined) lines.push({ line: index + 1, text: raw });
  });
  return lines;
}

/** Every anchor a file's headings give, repeated headings numbered as GitHub numbers them (`x`, `x-1`, …). */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text: line } of proseLines(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = headingAnchor(heading[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** The targets of a line's inline links and images, code spans left out (`[x](y)` in backticks is no link). */
function linkTargets(line: string): string[] {
  const prose = line.replace(/`+[^`]*`+/g, '');
  return [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
}

/** What the checker may ask of the repository; paths are relative to its root, `/`-separated. */
export type Repository = {
  /** A Markdown file's text, or undefined when there is none. */
  read(path: string): string | undefined;
  /** Whether a file or folder is there. */
  exists(path: string): boolean;
};

/** The broken relative links of the given Markdown files; an anchor is looked up in whichever file it names. */
export function brokenLinks(files: readonly string[], repository: Repository): BrokenLink[] {
  const anchors = new Map<string, Set<string> | undefined>();
  const anchorsIn = (path: string): Set<string> | undefined => {
    if (!anchors.has(path)) {
      const text = repository.read(path);
      anchors.set(path, text === undefined ? undefined : anchorsOf(text));
    }
    return anchors.get(path);
  };
  const broken: BrokenLink[] = [];
  for (const file of files) {
    const text = repository.read(file) ?? '';
    for (const { line, text: content } of proseLines(text)) {
      for (const target of linkTargets(content)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: — not ours to check offline
        const [pathPart, anchor] = splitAnchor(target);
        const path = pathPart === '' ? file : normalize(join(dirname(file), decodeURIComponent(pathPart))).replace(/\\/g, '/');
        if (path.startsWith('../')) broken.push({ file, line, target, problem: 'points outside the repository' });
        else if (pathPart !== '' && !repository.exists(path)) broken.push({ file, line, target, problem: `no such file: ${path}` });
        else if (anchor !== undefined && path.endsWith('.md')) {
          const known = anchorsIn(path);
          if (known !== undefined && !known.has(anchor)) broken.push({ file, line, target, problem: `no heading "#${anchor}" in ${path}` });
        }
      }
    }
  }
  return broken;
}

function splitAnchor(target: string): [string, string | undefined] {
  const hash = target.indexOf('#');
  return hash < 0 ? [target, undefined] : [target.slice(0, hash), target.slice(hash + 1)];
}
