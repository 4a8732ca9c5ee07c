import type { Mapping } from '../mapping.ts';
import type { CompiledPath } from '../path.ts';

/**
 * What of a log line a mapping can read: the keys on its paths, as a tree. A node the mapping reads whole (the
 * end of a path, or where a path fans out with `[*]`) is `whole`; below any other, only the keys of its children
 * are built and every other member is checked and skipped.
 */
export interface FieldPlan {
  whole: boolean;
  /** Children by key (an array index as its canonical decimal string, as `value[step]` reads it). */
  children: Map<string, FieldPlan>;
  /** The children again, as a list, for matching keys without making a string of every key met. */
  keys: string[];
  nodes: FieldPlan[];
}

function node(): FieldPlan {
  return { whole: false, children: new Map(), keys: [], nodes: [] };
}

/**
 * The plan of every path the mapping reads: `records`, each field's alternatives, and the record's `attributes`
 * (OTLP attribute lists, which every record's reading unfolds). Undefined when a key cannot be set as a plain
 * property (`__proto__`) or holds a backslash: such a mapping's lines are always parsed whole.
 */
export function planOf(mapping: Mapping): FieldPlan | undefined {
  const root = node();
  const paths: CompiledPath[] = [[['attributes']]];
  if (mapping.records) paths.push(mapping.records);
  for (const path of Object.values(mapping.fields)) if (path) paths.push(path);
  for (const path of paths) {
    for (const steps of path) {
      let at = root;
      for (const step of steps) {
        if (at.whole) break;
        if (step === '*') {
          at.whole = true;
          break;
        }
        const key = String(step);
        // Matched against the key's text in the line: a key with a backslash is matched only after decoding.
        if (key === '__proto__' || key.includes('\\')) return undefined;
        let next = at.children.get(key);
        if (!next) {
          next = node();
          at.children.set(key, next);
          at.keys.push(key);
          at.nodes.push(next);
        }
        at = next;
      }
      at.whole = true;
    }
  }
  return root;
}
