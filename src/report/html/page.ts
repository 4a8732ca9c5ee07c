import { DEFAULTED_INTRO, defaultedAttributeLines } from '../../assess/defaulted-attributes.ts';
import type { Review } from '../../review/review.ts';
import { COVERAGE_ORDER } from '../../assess/finding.ts';
import { COVERAGE_LABEL, countLevels, LEVELS, percent } from '../labels.ts';
import { RISK_MODEL_TEXT } from '../risk-model-text.ts';
import { COVERAGE_COLOUR, LEVEL_COLOUR } from './colours.ts';
import { html, raw, type Raw } from './escape.ts';
import { llmTranscriptSections } from './llm-transcripts-section.ts';
import { renderExecutive } from './executive-section.ts';
import { executiveSummary } from '../executive.ts';
import type { FindingChange } from '../../review/diff.ts';
import { renderMatrix } from './matrix.ts';
import { renderFindings, renderPlan, renderRollups } from './tables.ts';
import { STYLES } from './styles.ts';

/** Extra sections a caller adds (the review diff and trend, once reviews are stored). */
export interface HtmlExtras {
  sections?: { id: string; title: string; body: Raw }[];
  /** Findings that regressed since the previous review, for the executive page. */
  regressed?: FindingChange[];
}

/** A self-contained HTML report: no scripts, fonts or images from elsewhere. */
export function renderHtml(review: Review, extras: HtmlExtras = {}): string {
  const org = review.rollups.organisation;
  const levels = countLevels(review.findings);
  const sections = [...(extras.sections ?? []), ...llmTranscriptSections(review.evidence)];
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ATLAS review — ${review.organisation} — ${review.reviewDate}</title>
<style>${raw(STYLES)}</style></head>
<body>
<header><h1>ATLAS review — ${review.organisation}</h1>
<p>Review date ${review.reviewDate} · MITRE ATLAS ${review.atlasVersion} · Rampart ${review.rampartVersion} · ${review.assets.length} assets</p>
<nav><a href="#executive">What to do</a> <a href="#matrix">Matrix</a> <a href="#findings">Findings</a> <a href="#plan">Plan</a> <a href="#coverage">Coverage</a>${sections.map((s) => html` <a href="#${s.id}">${s.title}</a>`)}</nav></header>
<main>
${renderExecutive(executiveSummary(review, extras.regressed))}
<section class="cards">
  <div class="card"><b>${percent(org.covered)}</b>prevented or detected</div>
  ${LEVELS.map((l) => html`<div class="card"><b style="color:${LEVEL_COLOUR[l]}">${levels[l]}</b>${l} risks</div>`)}
  ${COVERAGE_ORDER.map((c) => html`<div class="card"><b style="color:${COVERAGE_COLOUR[c]}">${org.byCoverage[c]}</b>${COVERAGE_LABEL[c]}</div>`)}
</section>
${review.notAssessed.length ? html`<p class="warn"><b>${review.notAssessed.length} techniques not yet assessed</b> — new in ATLAS ${review.atlasVersion}: ${review.notAssessed.map((n) => `${n.techniqueId} ${n.name}`).join('; ')}</p>` : ''}
${sections.map((s) => html`<section id="${s.id}"><h2>${s.title}</h2>${s.body}</section>`)}
<section id="matrix"><h2>ATLAS matrix</h2>${renderMatrix(review)}</section>
<section id="findings"><h2>Ranked findings</h2>${renderFindings(review, 200)}</section>
<section id="plan"><h2>Remediation plan</h2><p class="legend">Each finding is credited to its best action; risk removed is the score the action takes off.</p>${renderPlan(review)}</section>
<section id="coverage"><h2>Coverage by tactic</h2>${renderRollups(review.matrix.tactics.map((t) => [`${t.name}`, review.rollups.byTactic[t.id]]))}
<h2>Coverage by element</h2>${renderRollups(Object.entries(review.rollups.byElement))}
<h2>Coverage by asset</h2>${renderRollups(review.assets.map((a) => [`${a.id} (${a.element}/${a.kind})`, review.rollups.byAsset[a.id]]))}</section>
${review.excluded.length ? html`<section><h2>Ruled out by the organisation</h2><ul>${review.excluded.map((e) => html`<li>${e.assetId} · ${e.techniqueId}: ${e.reason}</li>`)}</ul></section>` : ''}
${review.inventory.notes.length ? html`<section><h2>Assumptions made while reading the inventory</h2><ul>${review.inventory.notes.map((n) => html`<li>${n}</li>`)}</ul></section>` : ''}
${review.defaultedAttributes?.length ? html`<section><h2>Attributes that defaulted to false</h2><p class="legend">${DEFAULTED_INTRO}</p><ul>${defaultedAttributeLines(review.defaultedAttributes).map((l) => html`<li>${l}</li>`)}</ul></section>` : ''}
<section><h2>Risk model</h2><pre>${RISK_MODEL_TEXT}</pre></section>
</main></body></html>`;
  return page.__html;
}
