import type { Asset } from '../inventory/asset.ts';
import type { Exposure } from '../inventory/vocabulary.ts';
import type { Access } from './applicability-schema.ts';

const RANK: Record<Exposure, number> = { internal: 0, partner: 1, public: 2 };
const wider = (a: Exposure, b: Exposure): Exposure => (RANK[b] > RANK[a] ? b : a);

/** The relations through which content reaches a model: what it retrieves and what it is trained on. */
const CONTENT_RELATIONS = { 'retrieved-content': 'retrievesFrom', 'training-data': 'trainedOn' } as const;

/**
 * Who can write into a data asset, as an adversary would see it. Data the organisation's users write
 * (`userWritable`) is as exposed as the most exposed asset that reads it: a user-writable RAG corpus behind
 * a public assistant is written by the public. Data from external sources is written by whoever publishes
 * them: the public for a public URL, a partner otherwise.
 */
export function dataExposures(assets: readonly Asset[]): Map<string, Exposure> {
  const readers = new Map<string, Asset[]>();
  for (const a of assets) {
    for (const id of [...(a.relations.retrievesFrom ?? []), ...(a.relations.trainedOn ?? [])]) readers.set(id, [...(readers.get(id) ?? []), a]);
  }
  const result = new Map<string, Exposure>();
  for (const a of assets) {
    if (a.element !== 'data') continue;
    let exposure = a.exposure;
    if (a.attributes.has('userWritable')) for (const r of readers.get(a.id) ?? []) exposure = wider(exposure, r.exposure);
    if (a.attributes.has('externalSource')) exposure = wider(exposure, a.artifacts.some((x) => x.source && /^https?:/.test(x.source)) ? 'public' : 'partner');
    result.set(a.id, exposure);
  }
  return result;
}

/**
 * The exposure that decides reach on a content path: for a data asset its own write exposure; for a model the
 * widest of the data it retrieves from or trains on (falling back, when no relation is recorded, on what its
 * attributes say: untrusted retrieved content is the public's, external training data a partner's).
 */
export function pathExposure(access: Access, asset: Asset, data: ReadonlyMap<string, Exposure>): Exposure | undefined {
  if (access !== 'retrieved-content' && access !== 'training-data') return undefined;
  if (asset.element === 'data') return data.get(asset.id) ?? asset.exposure;
  const sources = (asset.relations[CONTENT_RELATIONS[access]] ?? []).map((id) => data.get(id)).filter((e): e is Exposure => e !== undefined);
  let exposure: Exposure = sources.reduce(wider, 'internal');
  if (access === 'retrieved-content' && sources.length === 0 && asset.attributes.has('retrievesUntrustedContent')) exposure = 'public';
  if (access === 'training-data') {
    if (asset.attributes.has('trainsOnUserData') || asset.attributes.has('continuousLearning')) exposure = wider(exposure, asset.exposure);
    if (sources.length === 0 && asset.attributes.has('trainsOnExternalData')) exposure = wider(exposure, 'partner');
  }
  return exposure;
}
