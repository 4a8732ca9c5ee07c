import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { inputError, type Where } from '../errors.ts';
import { readCached } from './bundled-cache.ts';
import { parseChunked } from './source/chunked-yaml.ts';
import { firstDuplicateKey, JsonLocator, parseJson } from './source/json-text.ts';
import { LineIndex, type Position } from './source/line-index.ts';
import { outlineYaml } from './source/yaml-outline.ts';
import { nodeAt, YAML_OPTIONS } from './source/yaml-nodes.ts';

/** A parsed YAML/JSON file that remembers where every value came from, for messages and report locations. */
export interface SourceFile {
  file: string;
  data: unknown;
  locate(path: ReadonlyArray<PropertyKey>): Position | undefined;
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

/**
 * Parses YAML or JSON with memory in proportion to the file: JSON by `JSON.parse`, YAML a run of items at a time
 * (`source/yaml-outline.ts`); only what neither path can read is parsed whole with the `yaml` library. Positions are
 * offsets until a message asks for a line and column.
 */
export function parseSourceText(text: string, file: string, what: string): SourceFile {
  const syntaxError = (message: string, at: Position) => inputError(`${what} is not valid YAML/JSON: ${message.split('\n')[0]}`, { file, line: at.line, column: at.column }, 'fix the syntax at that position');
  let lines: LineIndex | undefined;
  const position = (offset: number) => (lines ??= new LineIndex(text)).position(offset);

  const json = parseJson(text);
  if (json) {
    const duplicate = firstDuplicateKey(text);
    // The same words as the `yaml` library's, which reads JSON files that JSON.parse refuses.
    if (duplicate !== undefined) throw syntaxError('Map keys must be unique', position(duplicate));
    const locator = new JsonLocator(text);
    return { file, data: json.data, locate: (path) => position(locator.offset(path)) };
  }

  const outline = outlineYaml(text);
  const chunked = outline && parseChunked(text, outline);
  if (chunked && 'message' in chunked) throw syntaxError(chunked.message, position(chunked.offset));
  if (chunked) {
    // Not `chunked.offset(path)`: a closure over `chunked` would keep its data alive as long as any message might.
    const offsetOf = chunked.offset;
    return {
      file,
      data: chunked.data,
      locate: (path) => {
        const offset = offsetOf(path);
        return offset === undefined ? undefined : position(offset);
      },
    };
  }
  return parseWhole(text, file, what, syntaxError);
}

/** The `yaml` library's document of the whole file, kept for positions: for what the faster paths cannot read. */
function parseWhole(text: string, file: string, what: string, syntaxError: (message: string, at: Position) => Error): SourceFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw syntaxError(first.message, { line: pos.line, column: pos.col });
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
