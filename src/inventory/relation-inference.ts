import type { Asset } from './asset.ts';
import type { Attribute, Relation } from './vocabulary.ts';

/**
 * What an asset's relations already say about it. A model that retrieves from a corpus its users can write reads
 * their instructions (indirect prompt injection applies), one trained on outside data can be poisoned from outside,
 * one built on a third party's weights carries what they carry, and one a serving platform serves can be queried.
 * The inventory states the relation; leaving the attribute at its default would silently drop those techniques.
 */
interface RelationRule {
  relation: Relation;
  /** The attribute of the related asset that implies `implies` on this one, and how the note says it. */
  when: { attribute: Attribute; says: string }[];
  implies: Attribute;
  verb: string;
}

const RULES: readonly RelationRule[] = [
  {
    relation: 'retrievesFrom',
    when: [
      { attribute: 'userWritable', says: 'its users can write' },
      { attribute: 'externalSource', says: 'comes from outside' },
    ],
    implies: 'retrievesUntrustedContent',
    verb: 'retrieves from',
  },
  { relation: 'trainedOn', when: [{ attribute: 'externalSource', says: 'comes from outside' }], implies: 'trainsOnExternalData', verb: 'is trained on' },
  { relation: 'trainedOn', when: [{ attribute: 'userWritable', says: 'its users can write' }], implies: 'trainsOnUserData', verb: 'is trained on' },
  { relation: 'dependsOn', when: [{ attribute: 'thirdPartyArtifacts', says: 'comes from a third party' }], implies: 'thirdPartyArtifacts', verb: 'is built on' },
  // A model a serving platform serves answers queries even when the inventory lists no endpoint for it.
  { relation: 'servedBy', when: [{ attribute: 'inferenceApi', says: 'answers queries' }], implies: 'inferenceApi', verb: 'is served by' },
];

/**
 * Models take over attributes from the data and models they relate to (RULES), unless the inventory states the
 * attribute either way. Returns the assets (changed ones copied) and one note per conclusion, naming the file.
 */
export function inferFromRelations(assets: readonly Asset[]): { assets: Asset[]; notes: string[] } {
  const byId = new Map(assets.map((a) => [a.id, a]));
  const notes: string[] = [];
  const out = assets.map((asset) => {
    if (asset.element !== 'model') return asset;
    const stated = new Set<Attribute>(asset.attributesStatedFalse ?? []);
    const added = new Set<Attribute>();
    for (const rule of RULES) {
      if (asset.attributes.has(rule.implies) || added.has(rule.implies) || stated.has(rule.implies)) continue;
      for (const id of asset.relations[rule.relation] ?? []) {
        const related = byId.get(id);
        const reason = related && rule.when.find((w) => related.attributes.has(w.attribute));
        if (!related || !reason) continue;
        added.add(rule.implies);
        notes.push(`${asset.source.file}: ${asset.id}: ${rule.implies} because it ${rule.verb} ${related.id}, which ${reason.says} (state ${rule.implies}: false if it does not hold)`);
        break;
      }
    }
    return added.size === 0 ? asset : { ...asset, attributes: new Set([...asset.attributes, ...added]) };
  });
  return { assets: out, notes };
}
