import { basename } from 'node:path';
import { inputError } from '../../errors.ts';
import { type SourceFile, whereIn } from '../../util/yaml-source.ts';
import { parseWith } from '../../util/zod-input.ts';
import type { AssetInput } from '../schema.ts';
import { classify, type Role } from './classify.ts';
import { type Draft, finishDraft, newDraft } from './draft.ts';
import { type BomGraph, type BomNode, buildGraph } from './graph.ts';
import { baseId, IdAllocator } from './ids.ts';
import { linkDrafts } from './link.ts';
import { Bom, type JsonPath, SPEC_VERSIONS } from './schema.ts';

export interface CycloneDxImport {
  /** Assets exactly as an inventory YAML file would give them (parsed with `AssetInput`). */
  assets: AssetInput[];
  /** Defaults and conclusions the importer applied, one sentence each, for the review report. */
  notes: string[];
  /** For each asset, the JSON path of the component or service it came from, for messages. */
  paths: JsonPath[];
}

const HINT = 'see src/inventory/cyclonedx/README.md for what Rampart reads from a CycloneDX BOM';

/** Import a CycloneDX 1.4–1.6 JSON BOM (an ML-BOM or an SBOM with ML parts) into inventory assets. */
export function importCycloneDx(source: SourceFile): CycloneDxImport {
  requireCycloneDx(source);
  const bom = parseWith(Bom, source, 'invalid CycloneDX BOM', HINT);
  const graph = buildGraph(bom, source);
  const roles = classify(graph, source);
  const file = basename(source.file);
  const label = (node: BomNode) => `${file}: ${describeNode(node, graph)}`;
  const drafts = makeDrafts(graph, roles, source);
  const notes: string[] = [];
  const used = linkDrafts(graph, roles, drafts, notes, label);

  const assets: AssetInput[] = [];
  const paths: JsonPath[] = [];
  const assetNotes: string[] = [];
  for (const draft of drafts.values()) {
    const { input, note } = finishDraft(draft, source, label(draft.node));
    assets.push(input);
    paths.push(draft.node.path);
    assetNotes.push(note);
  }
  if (assets.length === 0) {
    throw inputError('the CycloneDX BOM has no AI assets', { file: source.file }, `Rampart imports machine-learning-model and data components, ML platforms and services; mark others with rampart:element. ${HINT}`);
  }
  return { assets, notes: [...assetNotes, ...notes, ...leftOutNotes(graph, roles, used, file)], paths };
}

/** One clear message for a file that is not a CycloneDX JSON BOM, before any field-level complaint. */
function requireCycloneDx(source: SourceFile): void {
  const data = source.data;
  const fix = `export the BOM as CycloneDX JSON (bomFormat "CycloneDX", specVersion ${SPEC_VERSIONS.join(', ')})`;
  if (typeof data === 'string' && data.trimStart().startsWith('<')) throw inputError('CycloneDX XML is not supported, only JSON', { file: source.file }, fix);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw inputError('the file is not a CycloneDX BOM: it holds no JSON object', { file: source.file }, fix);
  const format = (data as Record<string, unknown>).bomFormat;
  if (format !== 'CycloneDX') {
    const problem = format === undefined ? 'it has no bomFormat' : `its bomFormat is ${JSON.stringify(format)}, not "CycloneDX"`;
    throw inputError(`the file is not a CycloneDX BOM: ${problem}`, format === undefined ? { file: source.file } : whereIn(source, ['bomFormat']), fix);
  }
}

/** Drafts in BOM order; explicit `rampart:id`s are claimed before any id is generated, so they always win. */
function makeDrafts(graph: BomGraph, roles: Map<BomNode, Role>, source: SourceFile): Map<BomNode, Draft> {
  const ids = new IdAllocator();
  const assetNodes = graph.nodes.filter((node) => roles.get(node)?.as === 'asset');
  for (const node of assetNodes) {
    if (node.properties.id !== undefined) ids.claim(node.properties.id, node.name, whereIn(source, node.properties.at.id ?? node.path));
  }
  const drafts = new Map<BomNode, Draft>();
  for (const node of assetNodes) {
    const role = roles.get(node);
    if (role?.as !== 'asset') continue;
    const id = node.properties.id ?? ids.allocate(baseId(node.ref, node.name, role.element), node.name);
    drafts.set(node, newDraft(node, id, role.element, role.kind));
  }
  return drafts;
}

function describeNode(node: BomNode, graph: BomGraph): string {
  if (node.origin === 'service') return `service "${node.name}"`;
  if (node.origin === 'component') return `component "${node.name}"`;
  const owner = graph.edges.find((edge) => edge.to === node && edge.dataset)?.from;
  return `modelCard dataset "${node.name}"${owner ? ` of component "${owner.name}"` : ''}`;
}

const LISTED = 10;

function leftOutNotes(graph: BomGraph, roles: Map<BomNode, Role>, used: Set<BomNode>, file: string): string[] {
  const notes: string[] = [];
  const left = graph.nodes.filter((node) => {
    const role = roles.get(node)?.as;
    return role === 'other' || (role === 'library' && !used.has(node));
  });
  if (left.length > 0) {
    const names = left.slice(0, LISTED).map((node) => `"${node.name}"`);
    const more = left.length > LISTED ? ` and ${left.length - LISTED} more` : '';
    const [subject, verb, pronoun] = left.length === 1 ? ['1 component is not an AI asset', 'it was', 'it'] : [`${left.length} components are not AI assets`, 'they were', 'them'];
    notes.push(`${file}: ${subject} and no asset uses ${pronoun}, so ${verb} not imported: ${names.join(', ')}${more} (set rampart:element to import one).`);
  }
  for (const { from, ref } of graph.dangling) {
    notes.push(`${file}: ${from === 'dependencies' ? 'the dependencies section names' : `"${from}" refers to`} bom-ref "${ref}", which nothing in the BOM has; that link was ignored.`);
  }
  return notes;
}
