import type { TechniqueId } from '../atlas/ids.ts';
import type { Asset } from '../inventory/asset.ts';
import { ATTRIBUTES, type Attribute } from '../inventory/vocabulary.ts';
import type { ApplicabilityEntry } from './applicability-schema.ts';
import { matchingRule } from './applicability.ts';

/** Attributes that follow from kind and endpoints: false there is a conclusion, not a default. */
const DERIVED: readonly Attribute[] = ['llm', 'agent', 'generatesContent', 'inferenceApi'];

export interface DefaultedAttribute {
  attribute: Attribute;
  /** Techniques that would apply to the asset were this attribute true (everything else as it is). */
  techniques: TechniqueId[];
}

/** One asset's attributes that are false only because nothing stated or inferred them. */
export interface DefaultedAttributes {
  assetId: string;
  /** Only the defaults that keep at least one technique from applying, so a reviewer sees what to check. */
  attributes: DefaultedAttribute[];
}

/**
 * For every asset, the attributes that defaulted to false — neither declared (true or false) in the inventory,
 * nor inferred by an importer, nor derived — and the techniques each default removed from applicability. A
 * default is a guess: a corpus nobody said was external silently drops RAG poisoning. Pure.
 */
export function defaultedAttributes(assets: readonly Asset[], applicability: ReadonlyMap<TechniqueId, ApplicabilityEntry>, inRelease: (id: TechniqueId) => boolean): DefaultedAttributes[] {
  const entries = [...applicability.values()].filter((e) => inRelease(e.technique as TechniqueId)).sort((a, b) => a.technique.localeCompare(b.technique));
  // Only attributes some rule asks for can change applicability; the rest are not worth a reviewer's time.
  const consulted = new Set(entries.flatMap((e) => e.appliesTo.flatMap((r) => [...(r.requires ?? []), ...(r.requiresAny ?? [])])));
  const out: DefaultedAttributes[] = [];
  // Applicability reads only element, kind, exposure and attributes: thousands of assets share a handful of profiles.
  const memo = new Map<string, DefaultedAttribute[]>();
  for (const asset of assets) {
    const key = [asset.element, asset.kind, asset.exposure, [...asset.attributes].sort().join(','), (asset.attributesStatedFalse ?? []).join(','), asset.notApplicable.map((n) => n.technique).join(',')].join('|');
    let attributes = memo.get(key);
    if (!attributes) memo.set(key, (attributes = defaultsOf(asset, entries, consulted)));
    if (attributes.length > 0) out.push({ assetId: asset.id, attributes });
  }
  return out;
}

export const DEFAULTED_INTRO =
  'Nothing in the inventory states or implies these attributes, so they count as false and the techniques named do not apply. If one is true, state it (attributes: in YAML, rampart:attributes in a BOM) and review again.';

function defaultsOf(asset: Asset, entries: readonly ApplicabilityEntry[], consulted: ReadonlySet<Attribute>): DefaultedAttribute[] {
  const stated = new Set<Attribute>([...asset.attributes, ...(asset.attributesStatedFalse ?? []), ...DERIVED]);
  const candidates = (Object.keys(ATTRIBUTES) as Attribute[]).filter((a) => !stated.has(a) && consulted.has(a));
  // A technique the organisation ruled out for the asset stays out whatever the attribute.
  const applies = new Set([...entries.filter((e) => matchingRule(e, asset)).map((e) => e.technique), ...asset.notApplicable.map((n) => n.technique)]);
  const attributes: DefaultedAttribute[] = [];
  for (const attribute of candidates) {
    const flipped: Asset = { ...asset, attributes: new Set([...asset.attributes, attribute]) };
    const techniques = entries.filter((e) => !applies.has(e.technique) && matchingRule(e, flipped)).map((e) => e.technique as TechniqueId);
    if (techniques.length > 0) attributes.push({ attribute, techniques });
  }
  return attributes;
}

/** The report's lines for defaulted attributes, at most `limit` assets (the JSON review lists all). */
export function defaultedAttributeLines(rows: readonly DefaultedAttributes[], limit = 50, total = rows.length): string[] {
  const lines = rows.slice(0, limit).map((r) => `${r.assetId}: ${r.attributes.map((a) => `${a.attribute} (would add ${a.techniques.join(', ')})`).join('; ')}`);
  if (total > limit) lines.push(`… and ${total - limit} more assets (review.json lists all, under defaultedAttributes)`);
  return lines;
}
