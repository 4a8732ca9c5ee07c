import { COVERAGE_ORDER, type Coverage, type Finding } from '../assess/finding.ts';
import type { Review } from '../review/review.ts';
import { streamReview, type StreamedReview } from './stream/finding-source.ts';
import { writeJson } from './stream/json-stream.ts';
import { collect, type Sink } from './stream/sink.ts';
import { activeWaiver, type FormatContext } from './format-context.ts';
import { COVERAGE_COLOUR } from './html/colours.ts';
import { tacticShortName, techniqueUrl } from './interchange-shared.ts';
import { COVERAGE_LABEL } from './labels.ts';

/** Navigator layer format 4.5; the ATLAS Navigator reads layers from navigator 5.1.0 on. */
export const NAVIGATOR_VERSIONS = { layer: '4.5', navigator: '5.1.0' } as const;

type Metadata = { name: string; value: string } | { divider: true };

interface LayerTechnique {
  techniqueID: string;
  tactic: string;
  score?: number;
  color: string;
  comment: string;
  enabled: boolean;
  metadata: Metadata[];
  links: { label: string; url: string }[];
  showSubtechniques: boolean;
}

/**
 * An ATLAS Navigator layer: one entry per technique and tactic. Score is the highest risk score (0–25)
 * among the assets it applies to, the colour is its worst coverage (an explicit colour wins over the
 * score gradient in the Navigator, so the matrix reads as coverage and sorts as risk), and the comment
 * carries the reasoning per asset. Techniques that apply to no asset are kept but disabled, with why.
 */
export async function writeNavigator(out: Sink, streamed: StreamedReview, context: FormatContext): Promise<void> {
  const review = streamed.document;
  const byTechnique = await techniqueFacts(streamed.findings.read('rank'));
  const excluded = groupBy(review.excluded, (e) => e.techniqueId);
  const notAssessed = new Map(review.notAssessed.map((n) => [n.techniqueId as string, n.reason]));
  const tacticName = new Map(review.matrix.tactics.map((t) => [t.id, t.name]));
  const annotatedParents = new Set(review.matrix.techniques.filter((t) => t.parent && byTechnique.has(t.id)).map((t) => t.parent));

  const techniques: LayerTechnique[] = [];
  for (const technique of review.matrix.techniques) {
    const facts = byTechnique.get(technique.id);
    const base = facts ? annotate(facts, context) : disabled(notAssessed.get(technique.id), excluded.get(technique.id));
    for (const tactic of technique.tactics) {
      const name = tacticName.get(tactic);
      if (name === undefined) continue;
      techniques.push({
        techniqueID: technique.id,
        tactic: tacticShortName(name),
        ...base,
        links: [{ label: `${technique.id} ${technique.name} on ATLAS`, url: techniqueUrl(technique.id) }],
        showSubtechniques: annotatedParents.has(technique.id),
      });
    }
  }

  const applicable = byTechnique.size;
  const layer = {
    name: `ATLAS review — ${review.organisation} — ${review.reviewDate}`,
    versions: NAVIGATOR_VERSIONS,
    domain: 'atlas-atlas',
    description: [
      `Rampart ${review.rampartVersion} review of ${streamed.assets.count} assets against MITRE ATLAS ${review.atlasVersion}.`,
      'Score: highest risk score (likelihood × impact, 0–25) among the assets a technique applies to. Colour: its worst coverage (see legend).',
      `${applicable} techniques apply to at least one asset; ${review.matrix.techniques.length - applicable} are disabled (greyed out): they apply to no asset in the inventory, were ruled out by the organisation, or are new and not yet assessed — each says which in its comment.`,
    ].join(' '),
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, showAggregateScores: true, countUnscored: false, aggregateFunction: 'max', expandedSubtechniques: 'annotated' },
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#65a30d', '#f59e0b', '#dc2626'], minValue: 0, maxValue: 25 },
    legendItems: COVERAGE_ORDER.map((c) => ({ label: `Worst coverage: ${COVERAGE_LABEL[c]}`, color: COVERAGE_COLOUR[c] })),
    showTacticRowBackground: true,
    tacticRowBackground: '#dddddd',
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: [
      { name: 'organisation', value: review.organisation },
      { name: 'review date', value: review.reviewDate },
      { name: 'ATLAS version', value: review.atlasVersion },
      { name: 'Rampart version', value: review.rampartVersion },
      { name: 'generated at', value: review.generatedAt },
      { name: 'assets', value: String(streamed.assets.count) },
      { name: 'applicable technique × asset pairs', value: String(streamed.findings.count) },
    ],
    links: [{ label: 'MITRE ATLAS', url: 'https://atlas.mitre.org/' }],
  };
  await writeJson(out, layer);
  await out.write('\n');
}

export function renderNavigator(review: Review, context: FormatContext): Promise<string> {
  return collect((out) => writeNavigator(out, streamReview(review), context));
}

/** Past this many assets, a technique's comment names the riskiest and counts the rest: the layer stays usable. */
export const NAVIGATOR_ASSETS_PER_TECHNIQUE = 50;

/** What a technique's entry shows, gathered in one pass in rank order: so its first findings are its riskiest. */
interface TechniqueFacts {
  count: number;
  worst: Coverage;
  top: Finding;
  riskiest: Finding[];
}

async function techniqueFacts(findings: AsyncIterable<Finding>): Promise<Map<string, TechniqueFacts>> {
  const facts = new Map<string, TechniqueFacts>();
  for await (const f of findings) {
    const known = facts.get(f.techniqueId);
    if (!known) {
      facts.set(f.techniqueId, { count: 1, worst: f.coverage, top: f, riskiest: [f] });
      continue;
    }
    known.count += 1;
    if (COVERAGE_ORDER.indexOf(f.coverage) < COVERAGE_ORDER.indexOf(known.worst)) known.worst = f.coverage;
    if (f.risk.score > known.top.risk.score) known.top = f;
    if (known.riskiest.length < NAVIGATOR_ASSETS_PER_TECHNIQUE) known.riskiest.push(f);
  }
  return facts;
}

function annotate({ count, worst, top, riskiest }: TechniqueFacts, context: FormatContext): Omit<LayerTechnique, 'techniqueID' | 'tactic' | 'links' | 'showSubtechniques'> {
  const perAsset = [...riskiest].sort((a, b) => b.risk.score - a.risk.score || a.assetId.localeCompare(b.assetId));
  const line = (f: Finding) => {
    const waiver = activeWaiver(context, f.id);
    return `${f.assetId}: ${COVERAGE_LABEL[f.coverage]}, risk ${f.risk.score} (${f.risk.level})${waiver ? `, waived until ${waiver.expires} by ${waiver.approver}` : ''}`;
  };
  const reasoning = perAsset.map((f) => `${line(f)} — ${f.trail.map((s) => s.text).join(' ')}`);
  const more = count - perAsset.length;
  if (more > 0) reasoning.push(`… and ${more} more asset(s) with lower risk: every finding is in review.json (rampart report --format json or jsonl).`);
  return {
    score: top.risk.score,
    color: COVERAGE_COLOUR[worst],
    comment: [`Applies to ${count} asset(s); worst coverage ${COVERAGE_LABEL[worst]}; highest risk ${top.risk.score} (${top.risk.level}) on ${top.assetId}.`, ...reasoning].join('\n'),
    enabled: true,
    metadata: [
      { name: 'worst coverage', value: COVERAGE_LABEL[worst] },
      { name: 'highest risk', value: `${top.risk.score} (${top.risk.level}) on ${top.assetId}` },
      { divider: true },
      ...perAsset.map((f) => ({ name: f.assetId, value: line(f).slice(f.assetId.length + 2) })),
      ...(more > 0 ? [{ name: 'more assets', value: String(more) }] : []),
    ],
  };
}

function disabled(notAssessed: string | undefined, excluded: readonly { assetId: string; reason: string }[] | undefined): Omit<LayerTechnique, 'techniqueID' | 'tactic' | 'links' | 'showSubtechniques'> {
  let comment = 'Not applicable: applies to no asset in this inventory.';
  if (notAssessed) comment = `Not assessed: ${notAssessed}.`;
  else if (excluded && excluded.length > 0) comment = `Ruled out by the organisation: ${excluded.map((e) => `${e.assetId} (${e.reason})`).join('; ')}.`;
  return { color: '', comment, enabled: false, metadata: [] };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
