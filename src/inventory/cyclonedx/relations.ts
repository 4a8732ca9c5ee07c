import type { AssetKind, Element, Relation } from '../vocabulary.ts';

export interface Placed {
  element: Element;
  kind: AssetKind;
}

/** Which asset holds the relation: CycloneDX edges point from dependant to dependency, ours sometimes the other way. */
export interface Link {
  holder: 'from' | 'to';
  relation: Relation;
}

const SERVES: readonly AssetKind[] = ['serving', 'llm-gateway'];
const STORES: readonly AssetKind[] = ['model-registry', 'vector-store'];

/**
 * The inventory relation a CycloneDX dependency (or nesting) `from → to` stands for. `dataset` is true when the
 * model card lists `to` among its datasets, which the standard defines as the data the model was trained or
 * evaluated on (a generator may list the retrieval index there too: a `rag-corpus` is retrieved from). Anything the
 * table does not name stays a plain `dependsOn`.
 */
export function relationFor(from: Placed, to: Placed, dataset: boolean): Link {
  const depends: Link = { holder: 'from', relation: 'dependsOn' };
  switch (`${from.element}>${to.element}`) {
    case 'model>data':
      // A retrieval index is read at inference time, even when a model card lists it among its datasets.
      if (to.kind === 'rag-corpus') return { holder: 'from', relation: 'retrievesFrom' };
      if (to.kind === 'training-set' || (dataset && to.kind !== 'validation-set')) return { holder: 'from', relation: 'trainedOn' };
      if (to.kind === 'inference-logs') return { holder: 'from', relation: 'logsTo' };
      return depends;
    case 'data>model':
      // Inference logs are often listed as needing the model whose traffic they record.
      return from.kind === 'inference-logs' ? { holder: 'to', relation: 'logsTo' } : depends;
    case 'model>platform':
      if (SERVES.includes(to.kind)) return { holder: 'from', relation: 'servedBy' };
      if (to.kind === 'model-registry') return { holder: 'from', relation: 'storedIn' };
      return depends;
    case 'platform>model':
      if (SERVES.includes(from.kind)) return { holder: 'to', relation: 'servedBy' };
      if (from.kind === 'model-registry') return { holder: 'to', relation: 'storedIn' };
      return depends;
    case 'data>platform':
      return STORES.includes(to.kind) ? { holder: 'from', relation: 'storedIn' } : depends;
    case 'platform>data':
      if (to.kind === 'inference-logs') return { holder: 'from', relation: 'logsTo' };
      return STORES.includes(from.kind) ? { holder: 'to', relation: 'storedIn' } : depends;
    case 'model>environment':
    case 'platform>environment':
      return { holder: 'from', relation: 'runsIn' };
    case 'environment>model':
    case 'environment>platform':
      // An environment that contains or lists a model or platform is where it runs.
      return { holder: 'to', relation: 'runsIn' };
    default:
      return depends;
  }
}
