import type { Review } from '../../review/review.ts';
import { COVERAGE_ORDER } from '../../assess/finding.ts';
import { COVERAGE_LABEL, LEVELS, percent } from '../labels.ts';
import { RISK_MODEL_TEXT } from '../risk-model-text.ts';
import { streamReview, type StreamedReview } from '../stream/finding-source.ts';
import { assetCards, defaultedLines, type AssetSource, type ReviewHead } from '../stream/asset-source.ts';
import { totalFindings, type FindingTotals } from '../stream/finding-totals.ts';
import { collect, type Sink } from '../stream/sink.ts';
import { COVERAGE_COLOUR, LEVEL_COLOUR } from './colours.ts';
import { html, raw, type Raw } from './escape.ts';
import { llmTranscriptSections } from './llm-transcripts-section.ts';
import { renderExecutive } from './executive-section.ts';
import { executiveSummary } from '../executive.ts';
import type { FindingChange } from '../../review/diff.ts';
import { DEFAULTED_INTRO } from '../../assess/defaulted-attributes.ts';
import { renderMatrix } from './matrix.ts';
import { dataProvenanceSection } from './data-provenance-section.ts';
import { renderRest } from './rest-section.ts';
import { renderFindings, renderPlan, renderRollups, ROLLUP_TABLE_HEAD, ROLLUP_TABLE_TAIL, rollupRow } from './tables.ts';
import { renderDetections } from './detections-section.ts';
import { detectionCollector, type DetectionPlan } from '../../detections/plan.ts';
import { STYLES } from './styles.ts';

/** Extra sections a caller adds (the review diff and trend, once reviews are stored). */
export interface HtmlExtras {
  sections?: { id: string; title: string; body: Raw }[];
  /** Findings that regressed since the previous review, for the executive page. */
  regressed?: FindingChange[];
}

/** Findings shown in full; past this the rest are summarised per technique and per asset (`rest-section.ts`). */
export const HTML_TOP_FINDINGS = 200;

/** What every section reads: the review without its findings, the findings' totals and top, the caller's extras. */
export interface PageData {
  review: ReviewHead;
  assets: AssetSource;
  /** The defaulted attributes' lines, read from the assets before the page is written. */
  defaulted: string[];
  totals: FindingTotals;
  extras: HtmlExtras;
  detections: DetectionPlan;
}

/**
 * One part of the page, written in turn; `nav` puts a link to it in the header. A section that lists every asset
 * writes itself (`write`), a row at a time, instead of rendering one string.
 */
export type HtmlSection = { nav?: (page: PageData) => { id: string; title: string }[] } & (
  | { render: (page: PageData) => Raw | '' }
  | { write: (page: PageData, out: Sink) => Promise<void> }
);

/** The caller's sections (diff, trend) and the successful LLM attack transcripts in the evidence. */
const extraSections = (review: ReviewHead, extras: HtmlExtras) => [...(extras.sections ?? []), ...llmTranscriptSections(review.evidence)];

const section = (id: string, title: string, body: Raw) => html`<section id="${id}"><h2>${title}</h2>${body}</section>`;

/** The page, top to bottom: adding a section is one line here. */
export const HTML_SECTIONS: readonly HtmlSection[] = [
  { nav: () => [{ id: 'executive', title: 'What to do' }], render: ({ review, totals, extras }) => renderExecutive(executiveSummary({ ...review, findings: totals.top }, extras.regressed)) },
  { render: ({ review, totals }) => cards(review, totals) },
  { render: ({ review }) => (review.notAssessed.length ? html`<p class="warn"><b>${review.notAssessed.length} techniques not yet assessed</b> — new in ATLAS ${review.atlasVersion}: ${review.notAssessed.map((n) => `${n.techniqueId} ${n.name}`).join('; ')}</p>` : '') },
  { nav: ({ review, extras }) => extraSections(review, extras), render: ({ review, extras }) => html`${extraSections(review, extras).map((s) => section(s.id, s.title, s.body))}` },
  { nav: () => [{ id: 'matrix', title: 'Matrix' }], render: ({ review, totals }) => section('matrix', 'ATLAS matrix', renderMatrix(review, totals)) },
  { nav: () => [{ id: 'findings', title: 'Findings' }], render: ({ totals }) => section('findings', 'Ranked findings', renderFindings(totals.top, totals.count, HTML_TOP_FINDINGS)) },
  dataProvenanceSection,
  { render: ({ totals }) => (totals.count > HTML_TOP_FINDINGS ? section('rest', 'The other findings, summarised', renderRest(totals, HTML_TOP_FINDINGS, { json: 'review.json', jsonl: 'review.jsonl' })) : '') },
  { nav: () => [{ id: 'plan', title: 'Plan' }], render: ({ review }) => section('plan', 'Remediation plan', html`<p class="legend">Each finding is credited to its best action; risk removed is the score the action takes off.</p>${renderPlan(review)}`) },
  { nav: ({ detections }) => (detections.count > 0 ? [{ id: 'detections', title: 'Detections' }] : []), render: ({ detections }) => (detections.count > 0 ? section('detections', 'Detections to deploy', renderDetections(detections)) : '') },
  { nav: () => [{ id: 'coverage', title: 'Coverage' }], write: writeCoverage },
  { render: ({ review }) => (review.excluded.length ? html`<section><h2>Ruled out by the organisation</h2><ul>${review.excluded.map((e) => html`<li>${e.assetId} · ${e.techniqueId}: ${e.reason}</li>`)}</ul></section>` : '') },
  { render: ({ review }) => (review.inventory.notes.length ? html`<section><h2>Assumptions made while reading the inventory</h2><ul>${review.inventory.notes.map((n) => html`<li>${n}</li>`)}</ul></section>` : '') },
  { render: ({ defaulted }) => (defaulted.length ? html`<section><h2>Attributes that defaulted to false</h2><p class="legend">${DEFAULTED_INTRO}</p><ul>${defaulted.map((l) => html`<li>${l}</li>`)}</ul></section>` : '') },
  { render: () => html`<section><h2>Risk model</h2><pre>${RISK_MODEL_TEXT}</pre></section>` },
];

/** A self-contained HTML report (no scripts, fonts or images from elsewhere), written section by section. */
export async function writeHtml(out: Sink, streamed: StreamedReview, extras: HtmlExtras = {}): Promise<void> {
  const review = streamed.document;
  const detections = detectionCollector(await assetCards(streamed.assets));
  const page: PageData = { review, assets: streamed.assets, defaulted: await defaultedLines(streamed.assets), totals: await totalFindings(streamed.findings, review.matrix, HTML_TOP_FINDINGS, detections.observe), extras, detections: detections.plan };
  const nav = HTML_SECTIONS.flatMap((s) => s.nav?.(page) ?? []);
  await out.write(
    html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ATLAS review — ${review.organisation} — ${review.reviewDate}</title>
<style>${raw(STYLES)}</style></head>
<body>
<header><h1>ATLAS review — ${review.organisation}</h1>
<p>Review date ${review.reviewDate} · MITRE ATLAS ${review.atlasVersion} · Rampart ${review.rampartVersion} · ${streamed.assets.count} assets</p>
<nav>${nav.map((n, i) => html`${i > 0 ? ' ' : ''}<a href="#${n.id}">${n.title}</a>`)}</nav></header>
<main>
`.__html,
  );
  for (const s of HTML_SECTIONS) {
    if ('write' in s) {
      await s.write(page, out);
      continue;
    }
    const part = s.render(page);
    if (part !== '') await out.write(`${part.__html}\n`);
  }
  await out.write('</main></body></html>');
}

/** The page as one string, for a review in memory (tests, small reviews). */
export function renderHtml(review: Review, extras: HtmlExtras = {}): Promise<string> {
  return collect((out) => writeHtml(out, streamReview(review), extras));
}

function cards(review: ReviewHead, totals: FindingTotals): Raw {
  const org = review.rollups.organisation;
  return html`<section class="cards">
  <div class="card"><b>${percent(org.covered)}</b>prevented or detected</div>
  ${LEVELS.map((l) => html`<div class="card"><b style="color:${LEVEL_COLOUR[l]}">${totals.levels[l]}</b>${l} risks</div>`)}
  ${COVERAGE_ORDER.map((c) => html`<div class="card"><b style="color:${COVERAGE_COLOUR[c]}">${org.byCoverage[c]}</b>${COVERAGE_LABEL[c]}</div>`)}
</section>`;
}

async function writeCoverage({ review, assets }: PageData, out: Sink): Promise<void> {
  await out.write(html`<section id="coverage"><h2>Coverage by tactic</h2>${renderRollups(review.matrix.tactics.map((t) => [`${t.name}`, review.rollups.byTactic[t.id]]))}
<h2>Coverage by element</h2>${renderRollups(Object.entries(review.rollups.byElement))}
<h2>Coverage by asset</h2>${ROLLUP_TABLE_HEAD}`.__html);
  for await (const { snapshot: a, rollup } of assets.withRollups()) {
    const row = rollupRow(`${a.id} (${a.element}/${a.kind})`, rollup);
    if (row !== '') await out.write(row.__html);
  }
  await out.write(`${ROLLUP_TABLE_TAIL.__html}</section>\n`);
}
