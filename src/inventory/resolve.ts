import type { Asset, SourceLocation } from './asset.ts';
import type { AssetInput } from './schema.ts';
import type { Attribute, Relation } from './vocabulary.ts';

const LLM_KINDS: readonly string[] = ['llm', 'agent'];
const CONTENT_KINDS: readonly string[] = ['llm', 'agent', 'generative'];
const SERVING_KINDS: readonly string[] = ['serving', 'llm-gateway'];

/** Attributes that follow from kind and endpoints; a declared value (true or false) wins. */
export function deriveAttributes(input: AssetInput): Set<Attribute> {
  const derived: Partial<Record<Attribute, boolean>> = {
    llm: LLM_KINDS.includes(input.kind),
    agent: input.kind === 'agent',
    generatesContent: CONTENT_KINDS.includes(input.kind),
    // A model's endpoint answers queries; a notebook's, a job server's or an MCP server's endpoint does not serve a
    // model (state inferenceApi: true on a platform that does).
    inferenceApi: (input.element === 'model' && input.endpoints.length > 0) || SERVING_KINDS.includes(input.kind),
    // Declared frameworks are third-party software the asset runs (AML.T0010.001 applies, and dependency
    // checks have somewhere to put their evidence).
    ...(input.frameworks.length > 0 ? { thirdPartyArtifacts: true } : {}),
  };
  const merged = { ...derived, ...input.attributes };
  return new Set((Object.keys(merged) as Attribute[]).filter((key) => merged[key] === true));
}

export function resolveAsset(input: AssetInput, source: SourceLocation): Asset {
  const statedFalse = (Object.keys(input.attributes) as Attribute[]).filter((a) => input.attributes[a] === false).sort();
  return {
    id: input.id,
    name: input.name,
    element: input.element,
    kind: input.kind,
    description: input.description,
    owner: input.owner,
    exposure: input.exposure,
    authentication: input.authentication,
    dataSensitivity: input.dataSensitivity,
    criticality: input.criticality,
    versions: input.versions,
    frameworks: input.frameworks.map((f) => ({ name: f.name, version: f.version })),
    endpoints: input.endpoints.map((e) => ({ url: e.url, protocol: e.protocol, authentication: e.authentication, target: e.target, checks: e.checks })),
    artifacts: input.artifacts.map((a) => ({ path: a.path, format: a.format, source: a.source, ...(a.appendOnly !== undefined ? { appendOnly: a.appendOnly } : {}), ...(a.label !== undefined ? { label: a.label } : {}), ...(a.chunkRows !== undefined ? { chunkRows: a.chunkRows } : {}) })),
    ...(input.logs.length > 0 ? { logs: input.logs.map((l) => ({ path: l.path, mapping: l.mapping, expect: l.expect, checks: l.checks, ...(l.trainingData !== undefined ? { trainingData: l.trainingData } : {}) })) } : {}),
    relations: Object.fromEntries(Object.entries(input.relations).map(([k, v]) => [k, [...(v ?? [])]])) as Partial<Record<Relation, string[]>>,
    attributes: deriveAttributes(input),
    ...(statedFalse.length > 0 ? { attributesStatedFalse: statedFalse } : {}),
    tags: input.tags,
    notApplicable: input.notApplicable,
    source,
  };
}

/** Assets that point at `id` through any relation: the ones that depend on it. */
export function dependantsIndex(assets: readonly Asset[]): Map<string, Asset[]> {
  const index = new Map<string, Set<Asset>>();
  for (const asset of assets) {
    for (const targets of Object.values(asset.relations)) {
      for (const target of targets ?? []) {
        let set = index.get(target);
        if (!set) index.set(target, (set = new Set()));
        set.add(asset);
      }
    }
  }
  return new Map([...index].map(([id, set]) => [id, [...set]]));
}
