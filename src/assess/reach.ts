import type { Asset } from '../inventory/asset.ts';
import type { Authentication, Exposure } from '../inventory/vocabulary.ts';
import type { Access } from './applicability-schema.ts';
import { reachOf } from './risk.ts';

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

/** The way in to a model's queries when it is not the model's own endpoint: a platform that serves it. */
export interface FrontDoor {
  via: string;
  exposure: Exposure;
  authentication: Authentication;
}

const QUERY_PATHS: readonly Access[] = ['inference-api', 'user-content'];

/**
 * Whoever reaches a serving platform queries every model it serves (Triton answers `/v2/models/<any>/infer`): a model
 * declared internal behind mTLS is as reachable as the open, public server in front of it. The platform that gives the
 * widest reach on a query path, if it is wider than the model's own.
 */
export function frontDoor(access: Access, asset: Asset, assets: ReadonlyMap<string, Asset>): FrontDoor | undefined {
  if (!QUERY_PATHS.includes(access) || asset.element !== 'model') return undefined;
  let best: FrontDoor | undefined;
  let bestReach = reachOf(access, asset);
  for (const id of asset.relations.servedBy ?? []) {
    const server = assets.get(id);
    if (!server) continue;
    const reach = reachOf(access, { element: asset.element, exposure: server.exposure, authentication: server.authentication });
    if (reach > bestReach) {
      bestReach = reach;
      best = { via: id, exposure: server.exposure, authentication: server.authentication };
    }
  }
  return best;
}

/** The asset as its query paths see it: with the exposure and authentication of its front door, if it has one. */
export function throughDoor(asset: Asset, door: FrontDoor | undefined): Asset {
  return door ? { ...asset, exposure: door.exposure, authentication: door.authentication } : asset;
}

/** The trail's sentence for a model reached through the platform that serves it. */
export function frontDoorNote(door: FrontDoor): string {
  const login = door.authentication === 'none' ? 'has no authentication' : door.authentication === 'unknown' ? 'states no authentication' : `authenticates by ${door.authentication}`;
  return `reach: queried through ${door.via}, which is ${door.exposure} and ${login}; whoever reaches it can query every model it serves`;
}
