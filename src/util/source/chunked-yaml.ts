import { parseDocument, type Document } from 'yaml';
import { nodeAt, YAML_OPTIONS } from './yaml-nodes.ts';
import type { YamlOutline, SequenceOutline, ItemRun } from './yaml-outline.ts';

/** A YAML syntax error at an offset of the file. */
export interface YamlFault {
  message: string;
  offset: number;
}

export interface ChunkedYaml {
  data: unknown;
  /** Offset in the file of the node at `path` (or of the deepest node on the way that exists). */
  offset(path: ReadonlyArray<PropertyKey>): number | undefined;
}

/**
 * Parses a file from its outline: the skeleton whole, then each run of items on its own, its syntax tree dropped as
 * soon as its values are taken. What is kept for messages is one offset per item; a deeper position is found by
 * parsing that item's run again. Returns a fault for the first syntax error, or undefined when the runs cannot stand
 * alone (an alias to an anchor in another run), for the caller to parse the file whole.
 */
export function parseChunked(text: string, outline: YamlOutline): ChunkedYaml | YamlFault | undefined {
  const skeleton = parseDocument(outline.skeleton, YAML_OPTIONS);
  const skeletonError = skeleton.errors[0];
  if (skeletonError) return { message: skeletonError.message, offset: outline.toFile(skeletonError.pos[0]) };
  let data: unknown;
  try {
    data = skeleton.toJS({ maxAliasCount: 1000 });
  } catch {
    return undefined;
  }
  if (!isRecord(data)) return undefined;
  // A loop, not `some` with a closure over `data`: that closure would share this scope with `offset` below and keep
  // the values alive as long as a message might be asked for.
  for (const sequence of outline.sequences) if (data[sequence.key] !== null) return undefined;

  const itemStarts = new Map<string, Uint32Array>();
  for (const sequence of outline.sequences) {
    const items: unknown[] = [];
    const starts = new Uint32Array(sequence.items);
    for (const run of sequence.runs) {
      const doc = parseDocument(text.slice(run.start, run.end), YAML_OPTIONS);
      const error = doc.errors[0];
      if (error) return { message: error.message, offset: run.start + error.pos[0] };
      const nodes = runItems(doc);
      let values: unknown;
      try {
        values = doc.toJS({ maxAliasCount: 1000 });
      } catch {
        return undefined;
      }
      if (!nodes || !Array.isArray(values) || values.length !== run.items) return undefined;
      nodes.forEach((node, i) => (starts[run.firstItem + i] = run.start + node));
      for (const value of values) items.push(value);
    }
    data[sequence.key] = items;
    itemStarts.set(sequence.key, starts);
  }

  let lastRun: { run: ItemRun; doc: Document } | undefined;
  const runDocument = (run: ItemRun) => {
    if (lastRun?.run !== run) lastRun = { run, doc: parseDocument(text.slice(run.start, run.end), YAML_OPTIONS) };
    return lastRun.doc;
  };
  return {
    data,
    offset: (path) => {
      const sequence = outline.sequences.find((s) => s.key === String(path[0]));
      if (!sequence) return rangeStart(nodeAt(parseDocument(outline.skeleton, YAML_OPTIONS), path), outline.toFile);
      const index = Number(path[1]);
      const starts = itemStarts.get(sequence.key);
      if (path.length < 2 || !starts || !Number.isInteger(index) || index < 0 || index >= sequence.items) return sequence.start;
      if (path.length === 2) return starts[index];
      const run = runOf(sequence, index);
      return rangeStart(nodeAt(runDocument(run), [index - run.firstItem, ...path.slice(2)]), (offset) => run.start + offset);
    },
  };
}

/** Where each item of a run's sequence starts, relative to the run. */
function runItems(doc: Document): number[] | undefined {
  const contents = doc.contents as { items?: unknown[]; range?: number[] } | null;
  if (!contents || !Array.isArray(contents.items)) return undefined;
  return contents.items.map((item) => (item as { range?: number[] } | null)?.range?.[0] ?? contents.range?.[0] ?? 0);
}

function runOf(sequence: SequenceOutline, index: number): ItemRun {
  let low = 0;
  let high = sequence.runs.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((sequence.runs[middle] as ItemRun).firstItem <= index) low = middle;
    else high = middle - 1;
  }
  return sequence.runs[low] as ItemRun;
}

function rangeStart(node: { range?: [number, number, number] | null } | undefined, toFile: (offset: number) => number): number | undefined {
  return node?.range ? toFile(node.range[0]) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
