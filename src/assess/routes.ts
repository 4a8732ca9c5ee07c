import type { Asset } from '../inventory/asset.ts';
import type { Exposure } from '../inventory/vocabulary.ts';
import type { Access, ApplicabilityEntry } from './applicability-schema.ts';
import { pathExposure, throughDoor, type FrontDoor } from './reach.ts';
import { REACH, reachOf } from './risk.ts';

/**
 * The way a technique actually reaches an asset, where it is not the access its applicability entry names: the
 * path a claim must block to count, and the exposure that decides its reach. Three cases:
 *
 * - the adversary holds the weights (published, or on devices the public or partners hold): what ATLAS describes
 *   through the inference API, or from a foothold inside, is done on a copy, offline (`model-copy`), and no control on
 *   our queries or our store sees it;
 * - a model that answers no queries but senses the physical world: adversarial inputs are placed in front of its
 *   sensors (`physical`), where the devices it runs in are, not sent to an API it does not have;
 * - an agent that acts with tools on content outsiders write: an instruction in that content is as good as a prompt
 *   (`retrieved-content`), so its prompt techniques are as reachable as that content, and controls that guard only its
 *   users' prompts do not block them.
 */
export interface Route {
  access: Access;
  /** The exposure that decides reach on this route, where it is not the asset's own. */
  exposure?: Exposure;
  /** The trail's sentence saying why, when the route is not the entry's own. */
  note?: string;
}

const RANK: Record<Exposure, number> = { internal: 0, partner: 1, public: 2 };
const wider = (a: Exposure, b: Exposure): Exposure => (RANK[b] > RANK[a] ? b : a);

/** Who holds a copy of the model's weights outside the organisation, and how they came by it. */
export function weightsHeldBy(asset: Asset, assets: ReadonlyMap<string, Asset>): { exposure: Exposure; how: string } | undefined {
  if (asset.element !== 'model' || asset.attributes.has('vendorHosted')) return undefined;
  if (asset.attributes.has('publicArtifacts')) return { exposure: 'public', how: 'its weights are published' };
  const devices = (asset.relations.runsIn ?? []).flatMap((id) => assets.get(id) ?? []).filter((e) => e.kind === 'edge-device' && e.exposure !== 'internal');
  if (devices.length === 0) return undefined;
  const exposure = devices.map((d) => d.exposure).reduce(wider);
  return { exposure, how: `its weights are on ${devices.map((d) => d.id).join(', ')}, edge devices ${exposure === 'public' ? 'the public holds' : 'partners hold'}` };
}

/** Where a model's sensors are: the widest exposure of itself and the environments it runs in. */
function sensedExposure(asset: Asset, assets: ReadonlyMap<string, Asset>): { exposure: Exposure; where?: string } {
  let best: { exposure: Exposure; where?: string } = { exposure: asset.exposure };
  for (const id of asset.relations.runsIn ?? []) {
    const env = assets.get(id);
    if (env && RANK[env.exposure] > RANK[best.exposure]) best = { exposure: env.exposure, where: env.id };
  }
  return best;
}

export interface RouteContext {
  assets: ReadonlyMap<string, Asset>;
  /** Write exposure of every data asset (reach.ts `dataExposures`). */
  data: ReadonlyMap<string, Exposure>;
  /** The platform through which the model's queries are most reachable, if wider than its own endpoint. */
  door: FrontDoor | undefined;
}

export function routeOf(entry: ApplicabilityEntry, asset: Asset, ctx: RouteContext): Route {
  const own: Route = { access: entry.access, exposure: pathExposure(entry.access, asset, ctx.data) };
  if (asset.element !== 'model') return own;
  const held = entry.onCopy ? weightsHeldBy(asset, ctx.assets) : undefined;
  if (held) {
    return { access: 'model-copy', exposure: held.exposure, note: `reach: ${held.how}; this is done on a copy, offline, where no control on ${asset.id}'s queries, store or servers sees it` };
  }
  if (asset.attributes.has('physicalInputs') && (entry.access === 'physical' || (entry.access === 'inference-api' && !asset.attributes.has('inferenceApi')))) {
    const sensed = sensedExposure(asset, ctx.assets);
    if (entry.access === 'physical') return sensed.where ? { access: 'physical', exposure: sensed.exposure, note: `reach: its sensors are where ${sensed.where} is (${sensed.exposure})` } : own;
    return { access: 'physical', exposure: sensed.exposure, note: `reach: ${asset.id} answers no queries; its inputs come from the physical world it senses${sensed.where ? ` (where ${sensed.where} is, ${sensed.exposure})` : ''}, so this is done in front of its sensors` };
  }
  if (entry.access === 'retrieved-content' && asset.attributes.has('retrievesUntrustedContent') && own.exposure === 'internal') {
    return { access: 'retrieved-content', exposure: 'public', note: untrustedNote(asset) };
  }
  if (entry.access === 'user-content' && asset.attributes.has('hasTools') && asset.attributes.has('retrievesUntrustedContent')) {
    const retrieved = routeOf({ ...entry, access: 'retrieved-content', onCopy: false }, asset, ctx);
    const viaContent = REACH['retrieved-content'][retrieved.exposure ?? asset.exposure];
    if (viaContent > reachOf(entry.access, throughDoor(asset, ctx.door))) {
      const sources = asset.relations.retrievesFrom?.join(', ') ?? 'what it retrieves';
      return { access: 'retrieved-content', exposure: retrieved.exposure, note: `reach: ${asset.id} acts with tools on content it retrieves (${sources}), which is written by ${retrieved.exposure === 'public' ? 'the public' : `a ${retrieved.exposure} party`}: an instruction there is as good as a prompt, and controls that guard only its users' prompts do not block that path` };
    }
  }
  return own;
}

/** The model says it reads what outsiders write, and none of the data it is recorded to read says who writes it. */
function untrustedNote(asset: Asset): string {
  const sources = asset.relations.retrievesFrom ?? [];
  const what = sources.length > 0 ? `none of ${sources.join(', ')} is recorded as written from outside (userWritable, externalSource)` : 'no source is recorded';
  return `reach: ${asset.id} retrieves content outsiders write (retrievesUntrustedContent) and ${what}: taken as written by the public`;
}
