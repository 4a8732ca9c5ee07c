import type { SourceFile } from '../../util/yaml-source.ts';
import { readRampartProperties, type RampartProperties } from './properties.ts';
import { type Bom, type Component, type ComponentData, isInlineDataset, type JsonPath, type Service } from './schema.ts';

/**
 * The BOM as a graph of nodes (components at any depth, services, inline model-card datasets) and edges (the
 * `dependencies` section, nesting, and model-card dataset references). Mapping to assets happens on this graph
 * so nesting and `dependencies` mean the same thing.
 */
export type BomNode =
  | (NodeBase & { origin: 'component'; component: Component })
  | (NodeBase & { origin: 'service'; service: Service })
  | (NodeBase & { origin: 'dataset'; dataset: ComponentData });

type WithoutIndex<T> = T extends unknown ? Omit<T, 'index'> : never;

interface NodeBase {
  index: number;
  path: JsonPath;
  ref: string | undefined;
  name: string;
  properties: RampartProperties;
}

export interface Edge {
  from: BomNode;
  to: BomNode;
  /** The target is listed among the model card's datasets: the standard says those trained or evaluated the model. */
  dataset: boolean;
}

export interface BomGraph {
  nodes: BomNode[];
  edges: Edge[];
  /** References that name nothing in this BOM, for the notes. */
  dangling: { from: string; ref: string }[];
}

export function buildGraph(bom: Bom, source: SourceFile): BomGraph {
  const nodes: BomNode[] = [];
  const byRef = new Map<string, BomNode>();
  const pending: { from: BomNode; ref: string; dataset: boolean }[] = [];
  const edges: Edge[] = [];

  const add = (node: WithoutIndex<BomNode>): BomNode => {
    const full = { ...node, index: nodes.length } as BomNode;
    nodes.push(full);
    if (full.ref !== undefined) byRef.set(full.ref, full);
    return full;
  };

  const addComponent = (component: Component, path: JsonPath, parent: BomNode | undefined): void => {
    const node = add({ origin: 'component', component, path, ref: component['bom-ref'], name: component.name, properties: readRampartProperties(component.properties, source, path) });
    if (parent) edges.push({ from: parent, to: node, dataset: false });
    // Model cards and data descriptions carry bom-refs of their own; a reference to them means the component.
    const card = component.modelCard;
    if (card?.['bom-ref'] !== undefined) byRef.set(card['bom-ref'], node);
    for (const data of component.data ?? []) if (data['bom-ref'] !== undefined) byRef.set(data['bom-ref'], node);
    for (const [i, set] of (card?.modelParameters?.datasets ?? []).entries()) {
      if (isInlineDataset(set)) {
        const at = [...path, 'modelCard', 'modelParameters', 'datasets', i];
        const name = set.name ?? `${component.name} dataset ${i + 1}`;
        const inline = add({ origin: 'dataset', dataset: set, path: at, ref: set['bom-ref'], name, properties: readRampartProperties(undefined, source, at) });
        edges.push({ from: node, to: inline, dataset: true });
      } else {
        pending.push({ from: node, ref: set.ref, dataset: true });
      }
    }
    for (const [i, child] of (component.components ?? []).entries()) addComponent(child, [...path, 'components', i], node);
  };

  const addService = (service: Service, path: JsonPath, parent: BomNode | undefined): void => {
    const node = add({ origin: 'service', service, path, ref: service['bom-ref'], name: service.name, properties: readRampartProperties(service.properties, source, path) });
    if (parent) edges.push({ from: parent, to: node, dataset: false });
    for (const [i, child] of (service.services ?? []).entries()) addService(child, [...path, 'services', i], node);
  };

  if (bom.metadata?.component) addComponent(bom.metadata.component, ['metadata', 'component'], undefined);
  for (const [i, component] of (bom.components ?? []).entries()) addComponent(component, ['components', i], undefined);
  for (const [i, service] of (bom.services ?? []).entries()) addService(service, ['services', i], undefined);

  const missing: BomGraph['dangling'] = [];
  const dangling = (from: string, ref: string): void => {
    if (!missing.some((m) => m.from === from && m.ref === ref)) missing.push({ from, ref });
  };
  for (const dependency of bom.dependencies ?? []) {
    const from = byRef.get(dependency.ref);
    if (!from) dangling('dependencies', dependency.ref);
    else for (const ref of dependency.dependsOn ?? []) pending.push({ from, ref, dataset: false });
  }
  for (const { from, ref, dataset } of pending) {
    const to = byRef.get(ref);
    if (!to) dangling(from.ref ?? from.name, ref);
    else if (to !== from) edges.push({ from, to, dataset });
  }
  return { nodes, edges, dangling: missing };
}
