import { formatPath } from '../../util/yaml-source.ts';
import type { Attribute, Element } from '../vocabulary.ts';
import type { BomNode } from './graph.ts';
import type { Component, ComponentData, JsonPath } from './schema.ts';

/**
 * Applicability attributes the BOM implies in words. A BOM rarely says `externalSource: true`, but it says a
 * corpus is "refreshed weekly from external sources" or that patients submit the reports a model learns from;
 * leaving such attributes false silently drops whole families of techniques (RAG poisoning, indirect prompt
 * injection). Each conclusion names the field that said so.
 */
export interface AttributeFinding {
  attribute: Attribute;
  /** The BOM field and the words that implied it, e.g. `components[1].data[0].description: "…external sources…"`. */
  because: string;
}

interface Text {
  path: JsonPath;
  text: string;
}

type Rule = readonly [Attribute, RegExp];

/** What data is: where it comes from and who can write it. */
const DATA_RULES: readonly Rule[] = [
  ['externalSource', /\bexternal(ly)?\b[^.;]{0,30}\b(source|sourced|provider|supplier|feed|partner|part(y|ies)|data|origin)/],
  ['externalSource', /\bfrom (external|outside|third[- ]part(y|ies)|public|partner|vendor)\b/],
  ['externalSource', /\bthird[- ]part(y|ies)\b|\b(vendor|supplier|partner|syndicated|licensed|purchased)[- ]?(data|feeds?|supplied|sourced|provided)\b/],
  ['externalSource', /\b(scraped|crawled|web[- ]?scrap\w*|common ?crawl|wikipedia|pubmed|arxiv)\b|\bpublic(ly)?[- ](available|sourced|web|internet|datasets?|corpora|sources?)\b|\b(off|from) the (internet|web)\b/],
  // The people outside the organisation who write data, in the words sectors use for them (insurers' policyholders and
  // claimants, lenders' applicants, schools' students …); "vendor-supplied" data is external, not user-written.
  ['userWritable', /\b(user|customer|client|patient|member|citizen|visitor|community|crowd|policyholder|claimant|applicant|student|subscriber|tenant)[- ]?(generated|submitted|contributed|uploaded|provided|supplied|written|authored|sourced|edited)\b/],
  ['userWritable', /\b(customers|clients|patients|clinicians|members|citizens|end[- ]?users|users|visitors|policyholders|claimants|applicants|students|subscribers|tenants|suppliers|vendors|partners|the public|anyone)\b[^.;]{0,40}\b(submit|upload|contribute|add|edit|write|post|attach|send)s?\b/],
  ['userWritable', /\b(submitted|uploaded|contributed|attached|written|sent) by (our |the |their )?(customers|clients|patients|members|citizens|end[- ]?users|users|visitors|policyholders|claimants|applicants|students|subscribers|tenants|suppliers|vendors|partners|the public|anyone)\b/],
  ['userWritable', /\b(wiki|forum|community|support[- ]ticket|e-?mail inbox)\b[^.;]{0,20}\b(pages|posts|content|entries|submissions)\b/],
];

/** What a model does: reads outside content, calls tools, remembers, learns from users. */
const MODEL_RULES: readonly Rule[] = [
  ['retrievesUntrustedContent', /\b(brows(es|ing) the (web|internet)|web[- ]search|searches the (web|internet)|reads? (incoming |inbound |customer )?e-?mails?|(fetches|retrieves|reads) (web )?pages?|(retriev|ground)\w* [^.;]{0,40}\b(external|public|third[- ]party|user[- ]?(generated|submitted|supplied)|web|internet)\b)/],
  ['hasTools', /\b(tool[- ]?(use|calling|calls)|function[- ]calling|calls? (external )?(tools|apis|plugins|functions)|plugins?\b|takes actions)/],
  ['hasMemory', /\b(long[- ]term memory|persistent memory|remembers (previous|past|earlier)|memory across (sessions|conversations))/],
  ['trainsOnUserData', /\b(fine[- ]?tuned|trained|retrained|learns?) (on|from) [^.;]{0,20}\b(user|customer|patient|clinician)s?'? (feedback|data|conversations|interactions|ratings|corrections|submissions)/],
  ['continuousLearning', /\b((re-?trained|re-?fitted|updated|fine[- ]?tuned) (automatically|continuously|daily|weekly|nightly|monthly|online)|continuous(ly)? (learning|training)|online learning)\b/],
];

/** Negations just before a match ("no external sources", "never user-submitted") cancel it. */
const NEGATION = /\b(no|not|never|without|none|nor|excluding|except)\b[^.;,]{0,25}$/;

/** The attributes a draft's own words imply, at most one reason each, in rule order. */
export function attributesFromBom(node: BomNode, element: Element): AttributeFinding[] {
  const rules = element === 'data' ? DATA_RULES : element === 'model' ? MODEL_RULES : [];
  if (rules.length === 0) return [];
  const found = new Map<Attribute, string>();
  for (const { path, text } of textsOf(node)) {
    const lower = text.toLowerCase();
    for (const [attribute, pattern] of rules) {
      if (found.has(attribute)) continue;
      const match = pattern.exec(lower);
      if (!match || NEGATION.test(lower.slice(0, match.index))) continue;
      found.set(attribute, `${formatPath(path)} says "${excerpt(text, match.index, match[0].length)}"`);
    }
  }
  return [...found].map(([attribute, because]) => ({ attribute, because }));
}

/** Every free-text field that describes the node, with its JSON path. */
function textsOf(node: BomNode): Text[] {
  if (node.origin === 'dataset') return dataTexts(node.dataset, node.path);
  if (node.origin === 'service') return [...optional(node.path, 'description', node.service.description), ...propertyTexts(node.service.properties, node.path)];
  const c: Component = node.component;
  const card = c.modelCard;
  const considerations = (card as { considerations?: Record<string, unknown> } | undefined)?.considerations ?? {};
  return [
    ...optional(node.path, 'description', c.description),
    ...(c.data ?? []).flatMap((d, i) => dataTexts(d, [...node.path, 'data', i])),
    // Model-card considerations (users, use cases, limitations) are lists of strings in 1.5 and 1.6.
    ...Object.entries(considerations).flatMap(([key, value]) =>
      Array.isArray(value) ? value.flatMap((v, i) => (typeof v === 'string' ? [{ path: [...node.path, 'modelCard', 'considerations', key, i], text: v }] : [])) : [],
    ),
    ...propertyTexts(c.properties, node.path),
    ...propertyTexts(card?.properties, [...node.path, 'modelCard']),
  ];
}

function dataTexts(d: ComponentData, path: JsonPath): Text[] {
  const governance = d.governance ?? {};
  // Governance names who owns, keeps and stewards the data; a party described as external says where it comes from.
  const parties = (['owners', 'custodians', 'stewards'] as const).flatMap((role) =>
    (governance[role] ?? []).flatMap((p, i) => optional([...path, 'governance', role, i], 'organization.name', p.organization?.name)),
  );
  return [...optional(path, 'name', d.name), ...optional(path, 'description', d.description), ...optional(path, 'classification', d.classification), ...parties, ...propertyTexts(d.contents?.properties, [...path, 'contents'])];
}

/** Properties other than `rampart:*` are free text a tool or person wrote, e.g. `{"name": "source", "value": "external vendor"}`. */
function propertyTexts(properties: readonly { name: string; value?: string }[] | undefined, path: JsonPath): Text[] {
  return (properties ?? []).flatMap((p, i) => (p.name.startsWith('rampart:') || !p.value ? [] : [{ path: [...path, 'properties', i], text: `${p.name}: ${p.value}` }]));
}

function optional(path: JsonPath, field: string, text: string | undefined): Text[] {
  return text ? [{ path: [...path, ...field.split('.')], text }] : [];
}

/** The words around a match, cut at word boundaries, so the note quotes the BOM recognisably. */
function excerpt(text: string, at: number, length: number): string {
  const before = text.lastIndexOf(' ', Math.max(0, at - 25));
  const after = text.indexOf(' ', Math.min(text.length, at + length + 25));
  const from = before < 0 ? 0 : before + 1;
  const to = after < 0 ? text.length : after;
  return `${from > 0 ? '…' : ''}${text.slice(from, to).trim()}${to < text.length ? '…' : ''}`;
}
