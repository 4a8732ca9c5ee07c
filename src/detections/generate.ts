import type { Atlas } from '../atlas/atlas.ts';
import { mitigationsOf } from '../atlas/atlas.ts';
import type { TechniqueId } from '../atlas/ids.ts';
import type { AssetSnapshot } from '../review/review.ts';
import { runsOf, type StreamedReview } from '../report/stream/finding-source.ts';
import { buildPlaybook } from './cacao/playbook.ts';
import { cacaoPath, detectiveGap, sigmaPath, type DetectiveGap } from './gaps.ts';
import type { LogMapping } from './mapping.ts';
import { RULES } from './rules/catalogue.ts';
import { missingFields, sigmaDocuments, sigmaYaml, type SigmaOptions } from './sigma/rule.ts';
import type { TagStyle } from './sigma/tags.ts';

export type DetectionFormat = 'sigma' | 'cacao';

export interface GenerateOptions {
  formats: readonly DetectionFormat[];
  mapping: LogMapping;
  tagStyle: TagStyle;
  canaries: readonly string[];
  /** Destinations agents may call besides the asset's own endpoints' hosts. */
  allowDestinations: readonly string[];
  /** The ATLAS release for mitigations (the bundled one when the review's is not at hand). */
  atlas: Atlas;
}

export interface GeneratedFile {
  path: string;
  content: string;
}

export interface GapOutcome {
  gap: DetectiveGap;
  /** The Sigma rule files that serve this gap (written once per asset) and its playbook. */
  rules: string[];
  playbook: string | undefined;
  /** Rules the mapping could not express, with the fields it lacks. */
  skipped: { rule: string; missing: string[] }[];
}

/**
 * Files for every detective gap of the review. Findings stream grouped by asset, so memory holds one asset's gaps
 * at a time: each rule is written once per asset, tagged with every technique it serves there, and each gap gets
 * its playbook. `onGap` hears each gap with what was written for it.
 */
export async function* generateDetections(review: StreamedReview, options: GenerateOptions, onGap: (outcome: GapOutcome) => void = () => undefined): AsyncGenerator<GeneratedFile> {
  const doc = review.document;
  // The whole snapshots (endpoints give a rule's allowed hosts), by id, the first of an id as before.
  const assets = new Map<string, AssetSnapshot>();
  for await (const a of review.assets.snapshots()) if (!assets.has(a.id)) assets.set(a.id, a);
  const key = { organisation: doc.organisation, generatedAt: doc.generatedAt, reviewDate: doc.reviewDate, atlasVersion: doc.atlasVersion };
  for await (const run of runsOf(review.findings.read('asset'), (f) => f.assetId)) {
    const asset = assets.get(run.key);
    const gaps: DetectiveGap[] = [];
    for await (const finding of run.items) {
      const gap = asset ? detectiveGap(finding, asset) : undefined;
      if (gap) gaps.push(gap);
    }
    if (!asset || gaps.length === 0) continue;
    const sigma: SigmaOptions = { review: key, mapping: options.mapping, tagStyle: options.tagStyle, canaries: options.canaries, allowedHosts: [...asset.endpoints.flatMap((e) => hostOf(e.url)), ...options.allowDestinations] };
    const written = new Map<string, { id: string; file: string }>();
    const skipped = new Map<string, string[]>();
    for (const ruleKey of [...new Set(gaps.flatMap((g) => g.rules))]) {
      const draft = RULES[ruleKey];
      if (!draft) continue;
      const missing = missingFields(draft, options.mapping);
      if (missing.length > 0) {
        skipped.set(ruleKey, missing);
        continue;
      }
      const documents = sigmaDocuments(asset.id, gaps.filter((g) => g.rules.includes(ruleKey)), draft, sigma);
      const path = sigmaPath(asset.id, ruleKey);
      written.set(ruleKey, { id: String(documents[documents.length - 1]?.id), file: path });
      if (options.formats.includes('sigma')) yield { path, content: sigmaYaml(documents) };
    }
    for (const gap of gaps) {
      const rules = gap.rules.flatMap((r) => written.get(r) ?? []);
      const outcome: GapOutcome = { gap, rules: options.formats.includes('sigma') ? rules.map((r) => r.file) : [], playbook: undefined, skipped: gap.rules.flatMap((r) => (skipped.has(r) ? [{ rule: r, missing: skipped.get(r) as string[] }] : [])) };
      if (options.formats.includes('cacao')) {
        outcome.playbook = cacaoPath(gap);
        yield { path: outcome.playbook, content: `${JSON.stringify(playbookFor(gap, asset, rules, options.atlas, key), null, 2)}\n` };
      }
      onGap(outcome);
    }
  }
}

function playbookFor(gap: DetectiveGap, asset: AssetSnapshot, rules: { id: string; file: string }[], atlas: Atlas, review: SigmaOptions['review']) {
  const name = (m: string) => atlas.mitigations.get(m as never)?.name ?? m;
  return buildPlaybook({
    review,
    gap,
    mitigations: new Map(mitigationsOf(atlas, gap.techniqueId as TechniqueId).map((m) => [m, name(m)])),
    mitigationNames: new Map([...atlas.mitigations.values()].map((m) => [m.id, m.name])),
    versions: asset.versions,
    llm: asset.attributes.includes('llm'),
    rules,
  });
}

function hostOf(url: string): string[] {
  try {
    return [new URL(url).hostname];
  } catch {
    return [];
  }
}
