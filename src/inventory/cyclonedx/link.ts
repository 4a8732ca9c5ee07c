import { z } from 'zod';
import type { Role } from './classify.ts';
import { addRelation, type Draft, infer, ownSensitivity, readServiceProperty } from './draft.ts';
import type { BomGraph, BomNode } from './graph.ts';
import { dataSensitivity, endpointProtocol, type Inferred } from './infer.ts';
import { relationFor } from './relations.ts';
import type { Authentication, DataSensitivity, EndpointProtocol } from '../vocabulary.ts';

/**
 * Turns the BOM's edges into what the assets carry: relations between assets, the libraries each asset uses
 * (as frameworks), and the endpoints of the services that serve a model. Returns the libraries that some asset
 * uses, so the importer does not report them as left out.
 */
export function linkDrafts(graph: BomGraph, roles: Map<BomNode, Role>, drafts: Map<BomNode, Draft>, notes: string[], label: (node: BomNode) => string): Set<BomNode> {
  const used = new Set<BomNode>();
  // A service folded into its models (or platform) stands for them: its dependencies are theirs.
  const standsFor = (node: BomNode): Draft[] => {
    const role = roles.get(node);
    if (role?.as === 'endpoint') return role.of.flatMap((holder) => drafts.get(holder) ?? []);
    const draft = drafts.get(node);
    return draft ? [draft] : [];
  };

  for (const edge of graph.edges) {
    const toRole = roles.get(edge.to);
    for (const from of standsFor(edge.from)) {
      if (toRole?.as === 'library') {
        for (const library of libraryClosure(edge.to, graph, roles)) {
          used.add(library);
          addFramework(from, library);
        }
        continue;
      }
      for (const to of standsFor(edge.to)) {
        if (to === from) continue;
        const link = relationFor({ element: from.element, kind: from.kind.value }, { element: to.element, kind: to.kind.value }, edge.dataset);
        if (link.holder === 'from') addRelation(from, link.relation, to.id);
        else addRelation(to, link.relation, from.id);
      }
    }
  }

  for (const [node, role] of roles) {
    if (node.origin !== 'service') continue;
    // A service of its own carries its endpoints; a folded one hands them to the models it serves.
    const holders = role.as === 'endpoint' ? role.of : role.as === 'asset' ? [node] : [];
    for (const holder of holders) {
      const draft = drafts.get(holder);
      if (draft) addEndpoints(draft, node, notes, label);
    }
  }

  for (const draft of drafts.values()) if (draft.element === 'model') inheritFromData(draft, [...drafts.values()]);
  return used;
}

const RANK: Record<DataSensitivity, number> = { public: 0, internal: 1, confidential: 2, restricted: 3 };

/**
 * What a model takes over from the data it learns from: training on outside data makes poisoning reachable, and
 * a model can leak what it was trained on or retrieves (inversion, membership inference), so it is as sensitive.
 */
function inheritFromData(model: Draft, all: Draft[]): void {
  const byId = (id: string) => all.find((d) => d.id === id);
  const trained = (model.relations.trainedOn ?? []).flatMap((id) => byId(id) ?? []);
  const external = trained.find((d) => d.attributes.has('externalSource'));
  if (external) infer(model, 'trainsOnExternalData', `it is trained on ${external.id}, which comes from outside`);
  const userFed = trained.find((d) => d.attributes.has('userWritable'));
  if (userFed) infer(model, 'trainsOnUserData', `it is trained on ${userFed.id}, which users can write`);
  // What an LLM retrieves is part of its prompt: a corpus outsiders can write carries their instructions into it.
  const retrieved = (model.relations.retrievesFrom ?? []).flatMap((id) => byId(id) ?? []);
  const untrusted = retrieved.find((d) => d.attributes.has('externalSource') || d.attributes.has('userWritable'));
  if (untrusted) infer(model, 'retrievesUntrustedContent', `it retrieves from ${untrusted.id}, which ${untrusted.attributes.has('externalSource') ? 'comes from outside' : 'users can write'}`);
  const levels: Inferred<DataSensitivity>[] = [];
  for (const data of [...trained, ...(model.relations.retrievesFrom ?? []).flatMap((id) => byId(id) ?? [])]) {
    const level = ownSensitivity(data);
    if (level) levels.push({ value: level.value, because: `because it learns from or retrieves ${data.id}, whose sensitivity is ${level.value}` });
  }
  for (const service of model.services) {
    const level = dataSensitivity(service.data ?? []);
    if (level) levels.push({ value: level.value, because: `because service "${service.name}" carries ${level.value} data` });
  }
  model.learnedSensitivity = levels.reduce<Inferred<DataSensitivity> | undefined>((top, level) => (!top || RANK[level.value] > RANK[top.value] ? level : top), undefined);
}

/** A library and the libraries it depends on, stopping at assets: they are related, not frameworks. */
function libraryClosure(start: BomNode, graph: BomGraph, roles: Map<BomNode, Role>): BomNode[] {
  const seen = new Set<BomNode>([start]);
  const queue = [start];
  for (let node = queue.shift(); node; node = queue.shift()) {
    for (const edge of graph.edges) {
      if (edge.from === node && roles.get(edge.to)?.as === 'library' && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return [...seen];
}

function addFramework(draft: Draft, library: BomNode): void {
  if (library.origin !== 'component') return;
  const name = library.component.name.trim();
  const version = library.component.version;
  if (name && !draft.frameworks.some((f) => f.name === name && f.version === version)) draft.frameworks.push({ name, version });
}

const Url = z.string().url();

function addEndpoints(draft: Draft, service: BomNode & { origin: 'service' }, notes: string[], label: (node: BomNode) => string): void {
  draft.services.push(service.service);
  const declared = readServiceProperty(service.service, 'protocol') as EndpointProtocol | undefined;
  const authentication = (readServiceProperty(service.service, 'authentication') as Authentication | undefined) ?? (service.service.authenticated === false ? 'none' : undefined);
  for (const url of service.service.endpoints ?? []) {
    if (!/^https?:\/\//i.test(url) || !Url.safeParse(url).success) {
      notes.push(`${label(service)}: endpoint "${url}" is not an absolute http(s) URL, so ${draft.id} does not list it; give the full URL to let checks reach it.`);
      continue;
    }
    if (draft.endpoints.some((e) => e.url === url)) continue;
    const inferred = declared ?? endpointProtocol(url);
    if (!inferred) draft.facts.push(`endpoint ${url} by default speaks http-json (set rampart:protocol on service "${service.service.name}")`);
    else if (!declared) draft.facts.push(`endpoint ${url} speaks ${inferred}, judging by its path`);
    draft.endpoints.push({ url, protocol: inferred ?? 'http-json', authentication });
  }
}
