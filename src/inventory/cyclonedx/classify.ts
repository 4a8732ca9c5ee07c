import { inputError } from '../../errors.ts';
import { type SourceFile, whereIn } from '../../util/yaml-source.ts';
import { type AssetKind, type Element, KINDS } from '../vocabulary.ts';
import type { BomGraph, BomNode } from './graph.ts';
import { dataKind, dataTexts, type Inferred, modelKind, platformKind } from './infer.ts';
import { kindElement } from './properties.ts';

/**
 * What each BOM node becomes. Only AI assets become assets; ordinary libraries become the frameworks of the
 * assets that use them, and a service that serves models (or fronts a platform component) becomes their endpoints
 * rather than an asset of its own, because the review attacks the model or platform through that endpoint.
 */
export type Role =
  | { as: 'asset'; element: Element; kind: Inferred<AssetKind> }
  | { as: 'endpoint'; of: BomNode[] }
  | { as: 'library' }
  | { as: 'other' }
  | { as: 'ignored' };

export function classify(graph: BomGraph, source: SourceFile): Map<BomNode, Role> {
  const roles = new Map<BomNode, Role>();
  for (const node of graph.nodes) if (node.origin !== 'service') roles.set(node, componentRole(node, graph, source));
  for (const node of graph.nodes) if (node.origin === 'service') roles.set(node, serviceRole(node, graph, roles, source));
  return roles;
}

function componentRole(node: BomNode, graph: BomGraph, source: SourceFile): Role {
  if (node.properties.ignore) {
    // Not an asset, but a library is still what its users run on.
    const library = node.origin === 'component' && (node.component.type === 'library' || node.component.type === 'framework');
    return library ? { as: 'library' } : { as: 'ignored' };
  }
  const declared = declaredPlace(node, source);
  if (declared) return declared;
  if (node.origin === 'dataset') return { as: 'asset', element: 'data', kind: dataKind(dataTexts(undefined, [node.dataset]), listedBy(node, graph)) };
  if (node.origin !== 'component') return { as: 'other' };
  const { component } = node;
  if (component.type === 'machine-learning-model') return { as: 'asset', element: 'model', kind: modelKind(component) };
  if (component.type === 'data') return { as: 'asset', element: 'data', kind: dataKind(dataTexts(component, component.data ?? []), listedBy(node, graph)) };
  const platform = platformKind(component.type, component.name, component.group);
  if (platform) return { as: 'asset', element: 'platform', kind: platform };
  if (component.type === 'library' || component.type === 'framework') return { as: 'library' };
  return { as: 'other' };
}

function serviceRole(node: BomNode, graph: BomGraph, roles: Map<BomNode, Role>, source: SourceFile): Role {
  if (node.properties.ignore) return { as: 'ignored' };
  const declared = declaredPlace(node, source);
  if (declared) return declared;
  const name = node.origin === 'service' ? node.service.name : node.name;
  if (node.properties.id === undefined) {
    const linked = (element: Element) => {
      const is = (other: BomNode) => {
        const role = roles.get(other);
        return role?.as === 'asset' && role.element === element;
      };
      return [...new Set(graph.edges.flatMap((edge) => (edge.from === node && is(edge.to) ? [edge.to] : edge.to === node && is(edge.from) ? [edge.from] : [])))];
    };
    const models = linked('model');
    if (models.length > 0) return { as: 'endpoint', of: models };
    // A service in front of a platform component (JupyterHub's web API) is that platform's way in, not a second asset.
    const platforms = linked('platform');
    if (platforms.length > 0) return { as: 'endpoint', of: platforms };
  }
  const kind = platformKind('service', name, undefined) ?? {
    value: 'serving' as const,
    because: node.properties.id === undefined ? 'because it is a service that serves no model in the BOM' : 'by default for a service',
  };
  return { as: 'asset', element: 'platform', kind };
}

/** Element and kind from `rampart:element` / `rampart:kind`; the rest is inferred as for undeclared nodes. */
function declaredPlace(node: BomNode, source: SourceFile): Role | undefined {
  const { element, kind, at } = node.properties;
  if (kind !== undefined) {
    const owner = kindElement(kind);
    if (element !== undefined && element !== owner) {
      throw inputError(`rampart:kind "${kind}" is not a kind of ${element}`, whereIn(source, at.kind ?? node.path), `use one of: ${KINDS[element].join(', ')}, or change rampart:element`);
    }
    return { as: 'asset', element: owner, kind: { value: kind, because: 'from rampart:kind' } };
  }
  if (element === undefined) return undefined;
  return { as: 'asset', element, kind: inferKind(node, element) };
}

function inferKind(node: BomNode, element: Element): Inferred<AssetKind> {
  const component = node.origin === 'component' ? node.component : undefined;
  if (element === 'model' && component) return modelKind(component);
  if (element === 'data') return dataKind(node.origin === 'dataset' ? dataTexts(undefined, [node.dataset]) : dataTexts(component, component?.data ?? []), undefined);
  if (element === 'platform') {
    const inferred = platformKind(component?.type ?? 'service', node.name, component?.group);
    if (inferred) return inferred;
    if (node.origin === 'service') return { value: 'serving', because: 'by default for a service' };
  }
  const fallback = { model: 'other-model', data: 'other-data', platform: 'other-platform', environment: 'other-environment' } as const;
  return { value: fallback[element], because: 'by default: nothing says which kind (set rampart:kind)' };
}

/** The model that lists this node among its model-card datasets, if any. */
function listedBy(node: BomNode, graph: BomGraph): string | undefined {
  return graph.edges.find((edge) => edge.dataset && edge.to === node)?.from.name;
}
