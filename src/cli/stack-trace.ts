import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A stack trace with each frame in a file that has a source map beside it (`x.js.map`) shown at its source instead:
 * the CLI runs as a bundle (scripts/bundle-cli.mjs), whose chunk-and-column positions say nothing to a reader of
 * src/. Mapped here, when an internal error is printed, rather than by Node's --enable-source-maps, which reads
 * every loaded chunk's map at start-up (~0.1 s of CPU on each run). A frame that cannot be mapped is left as it is.
 */
export function sourceStack(stack: string): string {
  const maps = new Map<string, SourceMap | undefined>();
  return stack.replace(FRAME, (frame: string, file: string, line: string, column: string) => {
    const path = file.startsWith('file://') ? fileURLToPath(file) : file;
    if (!maps.has(path)) maps.set(path, readMap(path));
    const entry = maps.get(path)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return frame;
    const source = new URL(entry.originalSource, pathToFileURL(`${path}.map`));
    return `${source.protocol === 'file:' ? fileURLToPath(source) : source.href}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/** `file:///…/x.js:12:34` or `/…/x.js:12:34`, as V8 writes a frame's position. */
const FRAME = /(file:\/\/\/[^\s()]+?|\/[^\s()]+?):(\d+):(\d+)/g;

function readMap(path: string): SourceMap | undefined {
  try {
    return new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')) as SourceMapPayload);
  } catch {
    return undefined;
  }
}
