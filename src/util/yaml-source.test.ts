import { LineCounter, parse, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { RampartError } from '../errors.ts';
import { generateOrganisation } from '../inventory/test-support/generate-organisation.ts';
import { collectGarbage } from './collect-garbage.ts';
import { nodeAt, YAML_OPTIONS } from './source/yaml-nodes.ts';
import { outlineYaml } from './source/yaml-outline.ts';
import { parseSourceText } from './yaml-source.ts';

type Path = (string | number)[];

/** What the `yaml` library says when it parses the whole file with positions: the behaviour to keep. */
function wholeDocument(text: string): (path: Path) => { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  return (path) => {
    const node = nodeAt(doc, path);
    if (!node?.range) return undefined;
    const pos = lineCounter.linePos(node.range[0]);
    return { line: pos.line, column: pos.col };
  };
}

function failure(text: string, file = 'inventory.yaml'): RampartError {
  try {
    parseSourceText(text, file, 'inventory file');
  } catch (error) {
    if (error instanceof RampartError) return error;
    throw error;
  }
  throw new Error('expected an input error');
}

/** Line (1-based) and column of the first occurrence of `needle` in `text`. */
function find(text: string, needle: string, column = 1): { line: number; column: number } {
  const at = text.indexOf(needle);
  expect(at).toBeGreaterThanOrEqual(0);
  return { line: text.slice(0, at).split('\n').length, column: at - text.lastIndexOf('\n', at - 1) - 1 + column };
}

const { inventory: LARGE } = generateOrganisation(400);
const paths: Path[] = [[], ['organisation'], ['assets'], ['assets', 400], ['assets', 'x'], ['nope'], ['assets', 0, 'nope', 3]];
for (let i = 0; i < 400; i += 7) paths.push(['assets', i], ['assets', i, 'name'], ['assets', i, 'relations', 'runsIn', 0], ['assets', i, 'attributes', 'userWritable'], ['assets', i, 'endpoints', 0]);

describe('reading a large YAML inventory a run of items at a time', () => {
  it('cuts the assets into many runs, none holding more than a few kilobytes beyond its first item', () => {
    const outline = outlineYaml(LARGE);
    const runs = outline?.sequences.find((s) => s.key === 'assets')?.runs ?? [];
    expect(runs.length).toBeGreaterThan(10);
    expect(runs.reduce((n, run) => n + run.items, 0)).toBe(400);
    for (const run of runs) expect(run.end - run.start).toBeLessThan(9 * 1024);
  });

  it('gives the values the whole document gives', () => {
    expect(parseSourceText(LARGE, 'inventory.yaml', 'inventory file').data).toEqual(parse(LARGE));
  });

  it('places every value where the whole document does: items, their fields, the keys around them, paths that lead nowhere', () => {
    const source = parseSourceText(LARGE, 'inventory.yaml', 'inventory file');
    const whole = wholeDocument(LARGE);
    for (const path of paths) expect([path, source.locate(path)]).toEqual([path, whole(path)]);
  });

  const model300 = find(LARGE, '  - id: model-98\n');
  const faults: [string, string, { line: number; column: number }, RegExp][] = [
    ['a repeated key in asset 296', LARGE.replace('  - id: model-98\n', '  - id: model-98\n    id: again\n'), { line: model300.line + 1, column: 5 }, /Map keys must be unique/],
    ['a key out of line in asset 296', LARGE.replace('  - id: model-98\n', '  - id: model-98\n     name: x\n'), { line: model300.line, column: 9 }, /not valid YAML/],
    ['a tab before the last asset', `${LARGE}  - id: tabbed\n\tname: x\n`, { line: LARGE.split('\n').length + 1, column: 1 }, /not valid YAML/],
  ];
  it.each(faults)('%s → the file, line and column of the fault', (_name, text, where, message) => {
    const error = failure(text);
    expect(error.describe()).toMatch(message);
    expect(error.where).toMatchObject({ file: 'inventory.yaml', ...where });
    expect(error.where).toMatchObject(wholeDocumentFault(text));
  });

  it('reads what runs cannot hold alone (an alias to an anchor in another run) as the whole document', () => {
    const text = LARGE.replace('  - id: cloud\n', '  - id: cloud\n    team: &platform-team platform\n').replace('  - id: model-98\n', '  - id: model-98\n    team: *platform-team\n');
    const data = parseSourceText(text, 'inventory.yaml', 'inventory file').data as { assets: { id: string; team?: string }[] };
    expect(data.assets.find((a) => a.id === 'model-98')?.team).toBe('platform');
    expect(data).toEqual(parse(text));
  });

  it.each([
    ['a document marker and comments', `---\n# the organisation\norganisation: { name: Acme }\nassets:\n# first\n- id: a\n  name: A\n\n- id: b\n  name: B\ncontrols: []\n`],
    ['two sequences and a block scalar', 'assets:\n  - id: a\n    notes: |\n      - not an item\n      x: 1\n  - id: b\ncontrols:\n  - control: c\n    status: planned\n'],
    ['a sequence as the last key, without a final newline', 'organisation:\n  name: Acme\nassets:\n  - a\n  -\n    id: b\n  - [c, d]'],
    ['a YAML 1.1 directive (read whole)', '%YAML 1.1\n---\nassets:\n  - id: a\n    public: yes\n'],
  ])('%s: the same values and positions as the whole document', (_name, text) => {
    const source = parseSourceText(text, 'inventory.yaml', 'inventory file');
    expect(source.data).toEqual(parseDocument(text, YAML_OPTIONS).toJS());
    for (const path of [['assets'], ['assets', 0], ['assets', 1], ['assets', 1, 'id'], ['assets', 0, 'notes'], ['controls', 0, 'status'], ['organisation', 'name']]) {
      expect(source.locate(path)).toEqual(wholeDocument(text)(path));
    }
  });

  it('keeps positions without keeping a syntax tree: what a parsed file holds is a few times its text', () => {
    const { inventory } = generateOrganisation(3_000);
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const source = parseSourceText(inventory, 'inventory.yaml', 'inventory file');
    expect(source.locate(['assets', 2_999, 'name'])?.line).toBeGreaterThan(30_000);
    collectGarbage();
    const held = process.memoryUsage().heapUsed - before;
    // The whole document with positions held ~60 times the text (19 kB an asset); values and offsets ~5 times.
    expect(held / inventory.length).toBeLessThan(12);
    expect(source.data).toBeDefined();
  });

  it('keeps, for later messages, the text and offsets but not the values: positions outlive the parsed data', () => {
    const { inventory } = generateOrganisation(3_000);
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const { locate } = parseSourceText(inventory, 'inventory.yaml', 'inventory file');
    collectGarbage();
    const held = process.memoryUsage().heapUsed - before;
    expect(locate(['assets', 2_999, 'name'])?.line).toBeGreaterThan(30_000);
    // The text is shared with the caller; a line index and an offset an item are ~0.2 times it; the values ~3 times.
    expect(held / inventory.length).toBeLessThan(1);
  });
});

describe('reading a JSON inventory', () => {
  const value = parse(generateOrganisation(200).inventory) as object;
  const JSON_TEXT = JSON.stringify(value, null, 2);

  it('gives the values, and the positions the whole document gives', () => {
    const source = parseSourceText(JSON_TEXT, 'inventory.yaml', 'inventory file');
    expect(source.data).toEqual(value);
    for (const path of [[], ['organisation'], ['assets', 0], ['assets', 150, 'relations', 'runsIn', 0], ['assets', 150, 'nope'], ['assets', 500], ['assets', 151, 'attributes', 'hasTools']]) {
      expect(source.locate(path)).toEqual(wholeDocument(JSON_TEXT)(path));
    }
  });

  it.each([
    ['a missing comma', JSON_TEXT.replace('"name": "Model 30",', '"name": "Model 98"'), /not valid YAML\/JSON/],
    ['a repeated key', JSON_TEXT.replace('"name": "Model 30",', '"name": "Model 30",\n      "name": "again",'), /Map keys must be unique/],
    ['a repeated key spelt with an escape', JSON_TEXT.replace('"name": "Model 30",', '"name": "Model 30",\n      "n\\u0061me": "again",'), /Map keys must be unique/],
  ])('%s → the line and column the whole document names', (_name, text, message) => {
    const error = failure(text);
    expect(error.describe()).toMatch(message);
    expect(error.where.line).toBeGreaterThan(1);
    expect(error.where).toMatchObject(wholeDocumentFault(text));
  });
});

function wholeDocumentFault(text: string): { line: number; column: number } {
  const lineCounter = new LineCounter();
  const first = parseDocument(text, { ...YAML_OPTIONS, lineCounter }).errors[0];
  if (!first) throw new Error('the whole document has no error');
  const pos = lineCounter.linePos(first.pos[0]);
  return { line: pos.line, column: pos.col };
}
