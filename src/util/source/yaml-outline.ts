/**
 * The outline of a YAML file whose root is a block mapping: its top-level block sequences (an inventory's `assets`,
 * a register's `controls`, a BOM's `components`) cut into runs of whole items, and the rest of the file — the
 * skeleton — without them. Each run parses on its own, so the `yaml` library never holds a syntax tree of the whole
 * file (2 GB for a 31 MB, 100,000-asset inventory; a run of items is a few kilobytes).
 *
 * Lines decide the cuts: an item is a line that starts with `- ` at the sequence's indentation, and the sequence ends
 * at the next line with content at column 0. A YAML scalar or flow collection cannot hold such lines (its continuation
 * lines are indented further), so a cut never falls inside a value of a well-formed file; where the file is
 * not well-formed, the run that holds the fault reports it. Anything this does not recognise — directives, several
 * documents, odd indentation — gets no outline, and the file is parsed whole.
 */

/**
 * Items per run are added until a run holds this much text. Small runs keep each syntax tree (~30 times its text)
 * inside V8's young generation, where it dies cheaply: over a 31 MB inventory, 4–8 kB runs peaked at 230 MB RSS and
 * 14–15 s of CPU, 128 kB runs at 506 MB and 29 s (their trees reached the old generation and piled up there).
 */
export const RUN_BYTES = 8 * 1024;

export interface ItemRun {
  /** Offsets in the file: the run's text is `text.slice(start, end)`. */
  start: number;
  end: number;
  /** Index, in its sequence, of the run's first item. */
  firstItem: number;
  items: number;
}

export interface SequenceOutline {
  key: string;
  /** Offset of the first item's dash, where the sequence node starts. */
  start: number;
  runs: ItemRun[];
  items: number;
}

export interface YamlOutline {
  /** The file without the sequences' items: each sequence's key is left with no value. */
  skeleton: string;
  /** A skeleton offset → the same place in the file. */
  toFile(offset: number): number;
  sequences: SequenceOutline[];
}

const KEY_LINE = /^([A-Za-z_][\w.-]*):[ \t]*(?:#.*)?\r?\n?$/;
const DOCUMENT_START = /^---[ \t]*(?:#.*)?\r?\n?$/;

/** The outline, or undefined when the file has no top-level block sequence this can cut safely. */
export function outlineYaml(text: string, runBytes = RUN_BYTES): YamlOutline | undefined {
  const sequences: SequenceOutline[] = [];
  const bodies: { start: number; end: number }[] = [];
  let open: { sequence: SequenceOutline; indent: number; bodyStart: number } | undefined;
  let pendingKey: string | undefined;
  let contentSeen = false;

  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline + 1;
    let indent = 0;
    while (text.charCodeAt(start + indent) === 32) indent++;
    const first = text[start + indent];
    const blank = first === undefined || first === '\n' || first === '\r' || first === '#' || (first === '\t' && /^[ \t]*(?:#.*)?\r?\n?$/.test(text.slice(start, end)));
    if (!blank && first === '\t') return undefined;

    if (open) {
      if (blank || indent > open.indent) {
        start = end;
        continue;
      }
      if (indent === open.indent && isItem(text, start + indent)) {
        addItem(open.sequence, start, runBytes);
        start = end;
        continue;
      }
      if (indent !== 0) return undefined;
      closeRun(open.sequence, start);
      bodies.push({ start: open.bodyStart, end: start });
      open = undefined;
    }
    if (blank) {
      start = end;
      continue;
    }
    if (indent === 0 && (text.startsWith('---', start) || text.startsWith('...', start) || first === '%')) {
      if (contentSeen || !DOCUMENT_START.test(text.slice(start, end))) return undefined;
      start = end;
      continue;
    }
    if (pendingKey !== undefined && isItem(text, start + indent)) {
      const sequence: SequenceOutline = { key: pendingKey, start: start + indent, runs: [], items: 0 };
      sequences.push(sequence);
      open = { sequence, indent, bodyStart: start };
      addItem(sequence, start, runBytes);
    }
    pendingKey = indent === 0 && !open ? KEY_LINE.exec(text.slice(start, Math.min(end, start + 200)))?.[1] : undefined;
    contentSeen = true;
    start = end;
  }
  if (open) {
    closeRun(open.sequence, text.length);
    bodies.push({ start: open.bodyStart, end: text.length });
  }
  if (sequences.length === 0) return undefined;
  return { ...skeletonOf(text, bodies), sequences };
}

function isItem(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 45) return false;
  const next = text[at + 1];
  return next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
}

function addItem(sequence: SequenceOutline, lineStart: number, runBytes: number): void {
  const run = sequence.runs[sequence.runs.length - 1];
  if (run && lineStart - run.start < runBytes) {
    run.items++;
  } else {
    if (run) run.end = lineStart;
    sequence.runs.push({ start: lineStart, end: lineStart, firstItem: sequence.items, items: 1 });
  }
  sequence.items++;
}

function closeRun(sequence: SequenceOutline, end: number): void {
  const run = sequence.runs[sequence.runs.length - 1];
  if (run) run.end = end;
}

function skeletonOf(text: string, bodies: { start: number; end: number }[]): Pick<YamlOutline, 'skeleton' | 'toFile'> {
  const pieces: { from: number; to: number; at: number }[] = [];
  let at = 0;
  let from = 0;
  for (const body of [...bodies, { start: text.length, end: text.length }]) {
    pieces.push({ from, to: body.start, at });
    at += body.start - from;
    from = body.end;
  }
  const skeleton = pieces.map((piece) => text.slice(piece.from, piece.to)).join('');
  return {
    skeleton,
    toFile: (offset) => {
      const piece = pieces.findLast((p) => p.at <= offset) ?? pieces[0];
      return piece ? piece.from + (offset - piece.at) : offset;
    },
  };
}
