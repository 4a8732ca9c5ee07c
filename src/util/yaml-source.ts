import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node as YamlNode, type Document } from 'yaml';
import { inputError, type Where } from '../errors.ts';
import { readCached } from './bundled-cache.ts';

/** A parsed YAML/JSON file that remembers where every value came from, for messages and report locations. */
export interface SourceFile {
  file: string;
  data: unknown;
  locate(path: ReadonlyArray<PropertyKey>): { line: number; column: number } | undefined;
}

export async function readSourceFile(file: string, what: string): Promise<SourceFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw inputError(`cannot read ${what}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file }, 'check the path and permissions');
  }
  // Bundled data comes from its build-time JSON cache; positions, needed only for a message, are parsed on demand.
  const cached = await readCached(file, text);
  if (cached) return { file, data: cached.data, locate: (path) => parseSourceText(text, file, what).locate(path) };
  return parseSourceText(text, file, what);
}

export function parseSourceText(text: string, file: string, what: string): SourceFile {
  const lineCounter = new LineCounter();
  // YAML 1.2 is a superset of JSON, so one parser serves both and gives positions for both.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw inputError(`${what} is not valid YAML/JSON: ${first.message.split('\n')[0]}`, { file, line: pos.line, column: pos.col }, 'fix the syntax at that position');
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw inputError(`${what} could not be read: ${(error as Error).message}`, { file }, 'remove excessive YAML aliases');
  }
  return {
    file,
    data,
    locate: (path) => {
      const node = nodeAt(doc, path);
      if (!node?.range) return undefined;
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    },
  };
}

function nodeAt(doc: Document, path: ReadonlyArray<PropertyKey>): YamlNode | undefined {
  let node: unknown = doc.contents;
  let last: YamlNode | undefined = doc.contents ?? undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) return last;
      node = pair.value ?? pair.key;
    } else if (isSeq(node)) {
      node = node.items[Number(key)];
    } else {
      return last;
    }
    if (node && typeof node === 'object' && 'range' in node) last = node as YamlNode;
  }
  return last;
}

/** Render a path such as `assets[3].relations.trainedOn[0]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

export function whereIn(source: SourceFile, path: ReadonlyArray<PropertyKey>): Where {
  return { file: source.file, path: formatPath(path) || undefined, ...source.locate(path) };
}
