import { z } from 'zod';
import { inputError } from '../../errors.ts';
import { formatPath, type SourceFile, whereIn } from '../../util/yaml-source.ts';
import { AssetInput } from '../schema.ts';
import type { AssetKind, Attribute, Authentication, DataSensitivity, Element, EndpointProtocol, Exposure, Relation } from '../vocabulary.ts';
import type { BomNode } from './graph.ts';
import { dataSensitivity, type Inferred, serviceExposure } from './infer.ts';
import { attributesFromBom } from './infer-attributes.ts';
import type { Service } from './schema.ts';

/** An asset while the importer assembles it from a node and the edges around it. */
export interface Draft {
  node: BomNode;
  id: string;
  element: Element;
  kind: Inferred<AssetKind>;
  relations: Partial<Record<Relation, string[]>>;
  frameworks: { name: string; version: string | undefined }[];
  endpoints: { url: string; protocol: EndpointProtocol; authentication: Authentication | undefined }[];
  /** Services that serve this model and became its endpoints. */
  services: Service[];
  attributes: Set<Attribute>;
  /** For a model: the most sensitive data it learns from or retrieves, which its outputs can leak. */
  learnedSensitivity?: Inferred<DataSensitivity>;
  /** Conclusions drawn from the BOM, stated in the notes. */
  facts: string[];
}

export function newDraft(node: BomNode, id: string, element: Element, kind: Inferred<AssetKind>): Draft {
  const draft: Draft = { node, id, element, kind, relations: {}, frameworks: [], endpoints: [], services: [], attributes: new Set(node.properties.attributes), facts: [] };
  for (const [relation, ids] of Object.entries(node.properties.relations) as [Relation, string[]][]) for (const target of ids) addRelation(draft, relation, target);
  const hub = huggingFaceOrigin(node);
  const attribute = element === 'data' ? 'externalSource' : element === 'model' ? 'thirdPartyArtifacts' : undefined;
  if (hub && attribute) infer(draft, attribute, hub);
  for (const found of attributesFromBom(node, element)) infer(draft, found.attribute, found.because);
  return draft;
}

/** Sets an attribute the BOM implies, with its reason in the notes, unless stated either way by rampart:* properties. */
export function infer(draft: Draft, attribute: Attribute, because: string): void {
  if (draft.attributes.has(attribute) || draft.node.properties.notAttributes.includes(attribute)) return;
  draft.attributes.add(attribute);
  draft.facts.push(`${attribute} because ${because}`);
}

export function addRelation(draft: Draft, relation: Relation, target: string): void {
  const targets = (draft.relations[relation] ??= []);
  if (target !== draft.id && !targets.includes(target)) targets.push(target);
}

/** Models and data sets from the Hugging Face Hub are third-party by definition; the reason, or undefined. */
function huggingFaceOrigin(node: BomNode): string | undefined {
  if (node.origin === 'component' && node.component.purl?.startsWith('pkg:huggingface/')) return 'its purl points at Hugging Face';
  const urls = artifacts(node).map((a) => a.path);
  return urls.some((url) => /^https:\/\/huggingface\.co\//i.test(url)) ? 'it is fetched from huggingface.co' : undefined;
}

/** Sensitivity the asset's own fields state: `rampart:dataSensitivity`, or a data component's classification. */
export function ownSensitivity(draft: Draft): Inferred<DataSensitivity> | undefined {
  const { node } = draft;
  if (node.properties.dataSensitivity) return { value: node.properties.dataSensitivity, because: 'from rampart:dataSensitivity' };
  const data = node.origin === 'dataset' ? [node.dataset] : node.origin === 'component' && draft.element === 'data' ? (node.component.data ?? []) : [];
  return dataSensitivity(data);
}

const EXPOSURE_RANK: Record<Exposure, number> = { internal: 0, partner: 1, public: 2 };

/** The finished asset, validated exactly as a YAML inventory entry, and the sentence the notes carry about it. */
export function finishDraft(draft: Draft, source: SourceFile, label: string): { input: AssetInput; note: string } {
  const { node } = draft;
  const props = node.properties;
  const defaults: string[] = [];
  const facts = [`kind ${draft.kind.value} ${draft.kind.because}`, ...draft.facts];
  const ownService = node.origin === 'service' ? [node.service] : [];
  const services = [...new Set([...ownService, ...draft.services])];

  let exposure = props.exposure;
  if (!exposure) {
    const found = services.flatMap((s) => {
      const declared = readServiceProperty(s, 'exposure');
      return declared ? [{ value: declared as Exposure, because: `from rampart:exposure of service "${s.name}"` }] : (serviceExposure(s) ?? []);
    });
    const widest = found.sort((a, b) => EXPOSURE_RANK[b.value] - EXPOSURE_RANK[a.value])[0];
    if (widest) facts.push(`exposure ${widest.value} ${widest.because}`);
    else defaults.push('exposure internal');
    exposure = widest?.value ?? 'internal';
  }

  let authentication = props.authentication;
  if (!authentication) {
    const stated = services.map(serviceAuthentication).filter((a): a is Authentication => a !== undefined);
    // The weakest stated method decides: one open endpoint is enough for an attacker.
    authentication = stated.includes('none') ? 'none' : stated[0];
    if (authentication) facts.push(`authentication ${authentication} from its service${services.length > 1 ? 's' : ''}`);
    else defaults.push(services.some((s) => s.authenticated === true) ? 'authentication unknown (the service is authenticated but does not say how)' : 'authentication unknown');
  }

  let sensitivity = props.dataSensitivity;
  if (!sensitivity) {
    const inferred = ownSensitivity(draft) ?? draft.learnedSensitivity;
    if (inferred) facts.push(`data sensitivity ${inferred.value} ${inferred.because}`);
    else defaults.push('data sensitivity internal');
    sensitivity = inferred?.value ?? 'internal';
  }
  if (!props.criticality) defaults.push('criticality medium');

  const versionText = version(node);
  const raw = {
    id: draft.id,
    // CycloneDX allows an empty name; an asset needs one, and the id is the next best.
    name: node.name.trim() || draft.id,
    element: draft.element,
    kind: draft.kind.value,
    description: describe(node),
    owner: props.owner ?? dataOwner(node),
    exposure,
    authentication: authentication ?? 'unknown',
    dataSensitivity: sensitivity,
    criticality: props.criticality ?? 'medium',
    versions: versionText ? [versionText] : [],
    frameworks: draft.frameworks,
    endpoints: draft.endpoints,
    artifacts: artifacts(node),
    relations: draft.relations,
    attributes: Object.fromEntries([...[...draft.attributes].map((a) => [a, true]), ...props.notAttributes.map((a) => [a, false])]),
    tags: node.origin === 'component' || node.origin === 'service' ? tags(node) : [],
  };
  const result = AssetInput.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw inputError(`${label} does not make a valid asset: ${issue ? `${formatPath(issue.path)}: ${issue.message}` : 'invalid'}`, whereIn(source, node.path), 'set the matching rampart:* property or fix the component');
  }
  const stated = defaults.length > 0 ? `; by default ${defaults.join(', ')}, because the BOM does not state them (set the rampart:* properties to state them)` : '';
  return { input: result.data, note: `${label} → ${draft.element} asset ${draft.id}: ${facts.join('; ')}${stated}.` };
}

function serviceAuthentication(service: Service): Authentication | undefined {
  const declared = readServiceProperty(service, 'authentication');
  if (declared) return declared as Authentication;
  return service.authenticated === false ? 'none' : undefined;
}

/** A service's rampart:* value; the graph has already validated it. */
export function readServiceProperty(service: Service, name: string): string | undefined {
  return service.properties?.find((p) => p.name === `rampart:${name}`)?.value?.trim();
}

function describe(node: BomNode): string | undefined {
  if (node.origin === 'dataset') return node.dataset.description;
  return (node.origin === 'component' ? node.component.description : node.service.description) || undefined;
}

function version(node: BomNode): string | undefined {
  return node.origin === 'component' ? node.component.version : node.origin === 'service' ? node.service.version : undefined;
}

function dataOwner(node: BomNode): string | undefined {
  const data = node.origin === 'dataset' ? [node.dataset] : node.origin === 'component' ? (node.component.data ?? []) : [];
  const owner = data.flatMap((d) => d.governance?.owners ?? [])[0];
  return owner?.organization?.name || owner?.contact?.name || owner?.contact?.email || undefined;
}

const Url = z.string().url();

/** Where the model or data can be fetched: distribution references and data content URLs. */
function artifacts(node: BomNode): { path: string }[] {
  const urls =
    node.origin === 'component'
      ? [...(node.component.externalReferences ?? []).filter((r) => r.type === 'distribution' || r.type === 'distribution-intake').map((r) => r.url), ...(node.component.data ?? []).map((d) => d.contents?.url)]
      : node.origin === 'dataset'
        ? [node.dataset.contents?.url]
        : [];
  return [...new Set(urls.filter((u): u is string => u !== undefined && Url.safeParse(u).success))].map((path) => ({ path }));
}

function tags(node: BomNode): string[] {
  const raw = node.origin === 'component' ? node.component.tags : node.origin === 'service' ? node.service.tags : undefined;
  return Array.isArray(raw) ? raw.filter((t): t is string => typeof t === 'string') : [];
}
