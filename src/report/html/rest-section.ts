import type { Tally } from '../stream/finding-totals.ts';
import type { FindingTotals } from '../stream/finding-totals.ts';
import { COVERAGE_LABEL, LEVELS } from '../labels.ts';
import { COVERAGE_COLOUR, LEVEL_COLOUR } from './colours.ts';
import { html, type Raw } from './escape.ts';

/** The asset table lists this many assets, riskiest first; the coverage-by-asset table has them all. */
const ASSET_ROWS = 200;

/**
 * Findings past the ones shown in full: counted per technique and per asset, so a report of 300,000 findings stays
 * a page a person can read. Says how many were summarised and where the full list is.
 */
export function renderRest(totals: FindingTotals, shown: number, names: { json: string; jsonl: string }): Raw {
  const restCount = totals.count - shown;
  const techniques = [...totals.rest.byTechnique.entries()].sort(byRisk);
  const assets = [...totals.rest.byAsset.entries()].sort(byRisk);
  return html`<p class="warn">This review has ${totals.count} findings: the top ${shown} are shown in full above; the other ${restCount} are summarised here per technique and per asset.
  Every finding, with its reasoning and plan, is in <code>${names.json}</code> and <code>${names.jsonl}</code> (one finding per line; <code>rampart report --format jsonl</code>).</p>
<h3>By technique</h3>${table('Technique', techniques.map(([id, t]) => [html`<b>${id}</b> ${t.name}`, t]))}
<h3>By asset${assets.length > ASSET_ROWS ? html` (the ${ASSET_ROWS} riskiest of ${assets.length})` : ''}</h3>${table('Asset', assets.slice(0, ASSET_ROWS).map(([id, t]) => [html`${id}`, t]))}`;
}

function byRisk([a, x]: [string, Tally], [b, y]: [string, Tally]): number {
  return y.maxScore - x.maxScore || y.findings - x.findings || (a < b ? -1 : a > b ? 1 : 0);
}

function table(what: string, rows: [Raw, Tally][]): Raw {
  return html`<table><thead><tr><th>${what}</th><th>Findings</th>${LEVELS.map((l) => html`<th>${l}</th>`)}<th>Highest risk</th><th>Worst coverage</th></tr></thead><tbody>
${rows.map(([name, t]) => html`<tr><td>${name}</td><td>${t.findings}</td>${LEVELS.map((l) => html`<td style="${t.levels[l] ? `color:${LEVEL_COLOUR[l]}` : ''}">${t.levels[l] || ''}</td>`)}<td>${t.maxScore}</td><td><span class="dot" style="background:${COVERAGE_COLOUR[t.worst]}"></span>${COVERAGE_LABEL[t.worst]}</td></tr>`)}
</tbody></table>`;
}
