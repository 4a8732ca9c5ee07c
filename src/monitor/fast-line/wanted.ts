import type { EventField } from '../event.ts';
import type { Mapping } from '../mapping.ts';

/**
 * The mapping's paths as a tree of keys: the reader walks a line's objects and arrays only where some path goes,
 * and each node keeps what the current line held at its path (`stamp` says which line wrote it).
 */
export class PathNode {
  readonly children: PathNode[] = [];
  /** Children by their key's length: a line's key is compared with the few of its length only. */
  readonly byLength: PathNode[][] = [];
  /** The key as an array index (`inputs[0]`, or `a.0`), -1 if none: `arr["01"]` and `arr.length` are no elements. */
  readonly index: number;
  /** A line with this key takes the generic path (`attributes`: OTel's list, flattened by extract.ts). */
  bail = false;
  /** Read straight into rows: the input's (into the reused buffers) or the answer's (label and scores from one field). */
  direct: 'input' | 'answer' | undefined;
  /** The input's alternatives before this one: once one of them was found, this one is not read into the buffers. */
  earlierInputs: PathNode[] = [];
  /**
   * The answer's score rows by index, reused line after line as the input's are (each alternative its own, as a line
   * may hold several): pushEvents copies a row into its event's `scores` (a plain array) and its label, so none
   * outlives the line. A Float64Array(2) a line was ~3% of the flooding run's CPU.
   */
  readonly scoreRows: Float64Array[] = [];

  seen = 0;
  stamp = 0;
  /** What the line held here, from its first character: 34 string, 110 null, 116/102 true/false, 123/91 object/array, else a number. */
  kind = 0;
  start = 0;
  end = 0;
  number = 0;
  escaped = false;
  /** The rows of a direct read; undefined when the value had another shape (extract.ts reads it then). */
  rows: (Float64Array | undefined)[] | undefined;

  /** The key's character codes, compared with a line's key where it is. */
  readonly codes: number[];

  constructor(readonly key: string) {
    this.codes = [];
    for (let k = 0; k < key.length; k++) this.codes.push(key.charCodeAt(k));
    this.index = /^(0|[1-9]\d{0,8})$/.test(key) ? Number(key) : -1;
  }

  child(key: string): PathNode {
    let node = this.children.find((c) => c.key === key);
    if (!node) {
      node = new PathNode(key);
      this.children.push(node);
      (this.byLength[key.length] ??= []).push(node);
    }
    return node;
  }
}

export interface Plan {
  root: PathNode;
  /** Each field's alternatives, in the mapping's order (the first present one counts). */
  fields: Partial<Record<EventField, PathNode[]>>;
  /** Label and scores read from one field, as extract.ts's `sharedAnswer`. */
  sharedAnswer: boolean;
  timeUnit: Mapping['timeUnit'];
}

/**
 * The plan for a mapping, or undefined when its paths need what the reader does not model: records inside a line,
 * `[*]` fans, and keys that name inherited properties (`a.length`, `a.constructor` read something on every line).
 */
export function planOf(mapping: Mapping): Plan | undefined {
  if (mapping.records) return undefined;
  const root = new PathNode('');
  root.child('attributes').bail = true;
  const fields: Partial<Record<EventField, PathNode[]>> = {};
  for (const [field, path] of Object.entries(mapping.fields) as [EventField, Mapping['fields'][EventField]][]) {
    if (!path) continue;
    const nodes: PathNode[] = [];
    for (const steps of path) {
      let node = root;
      for (const step of steps) {
        if (step === '*') return undefined;
        const key = String(step);
        if (key in []) return undefined;
        node = node.child(key);
      }
      // An empty path reads the record itself; so does the generic path, and no node stands for the whole line.
      if (node === root || node.bail) return undefined;
      nodes.push(node);
    }
    fields[field] = nodes;
  }
  const sharedAnswer = mapping.fields.label !== undefined && mapping.paths.label === mapping.paths.scores;
  fields.input?.forEach((node, rank, all) => {
    if (node.children.length === 0 && node.direct === undefined) {
      node.direct = 'input';
      node.earlierInputs = all.slice(0, rank).filter((n) => n !== node);
    }
  });
  if (sharedAnswer) for (const node of fields.scores ?? []) if (node.children.length === 0 && node.direct === undefined) node.direct = 'answer';
  return { root, fields, sharedAnswer, timeUnit: mapping.timeUnit };
}
