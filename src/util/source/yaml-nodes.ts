import { isMap, isScalar, isSeq, type Document, type Node as YamlNode, type ParseOptions, type DocumentOptions, type SchemaOptions } from 'yaml';

/**
 * How every YAML/JSON file is parsed: duplicate keys are an error, errors carry offsets rather than excerpts, and merge
 * keys (`<<: *defaults`) work — they are how people share fields between assets, and YAML 1.2 left them out.
 */
export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = { uniqueKeys: true, prettyErrors: false, merge: true };

/** The node at `path`, or the deepest node on the way that exists. */
export function nodeAt(doc: Document, path: ReadonlyArray<PropertyKey>): YamlNode | undefined {
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
