import type { RiskLevel } from '../../assess/finding.ts';
import type { StoredReviewMeta } from '../../review/history.ts';
import { LEVELS, percent } from '../labels.ts';
import { LEVEL_COLOUR } from './colours.ts';
import { html, type Raw } from './escape.ts';

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 44, right: 44, top: 16, bottom: 42 };
/** Beyond this many reviews the chart shows the latest ones; the table below still names them. */
const MAX_POINTS = 40;

/**
 * Trend over stored reviews as an inline SVG: stacked bars of findings by risk level (left axis) and a line of the
 * share prevented or detected (right axis, 0–100%). No script, so the report stays one self-contained file.
 */
export function renderTrend(history: readonly StoredReviewMeta[]): Raw {
  const points = [...history].sort((a, b) => a.id - b.id).slice(-MAX_POINTS);
  if (points.length === 0) return html`<p class="legend">No stored reviews yet.</p>`;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = plotW / points.length;
  const barW = Math.max(4, Math.min(36, step * 0.6));
  const maxFindings = Math.max(1, ...points.map((p) => total(p.summary.levels)));
  const yCount = (n: number) => PAD.top + plotH - (n / maxFindings) * plotH;
  const yShare = (f: number) => PAD.top + plotH - f * plotH;
  const x = (i: number) => PAD.left + step * i + step / 2;

  const bars = points.map((p, i) => {
    let top = 0;
    // Stack low at the bottom and critical on top, where the eye starts.
    return [...LEVELS].reverse().map((level) => {
      const n = p.summary.levels[level];
      const y0 = yCount(top);
      top += n;
      const y1 = yCount(top);
      return n === 0 ? '' : html`<rect x="${(x(i) - barW / 2).toFixed(1)}" y="${y1.toFixed(1)}" width="${barW.toFixed(1)}" height="${(y0 - y1).toFixed(1)}" fill="${LEVEL_COLOUR[level]}"><title>review ${p.id} (${p.reviewDate}): ${n} ${level}</title></rect>`;
    });
  });
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${yShare(p.summary.covered).toFixed(1)}`).join(' ');
  const dots = points.map((p, i) => html`<circle cx="${x(i).toFixed(1)}" cy="${yShare(p.summary.covered).toFixed(1)}" r="3.5" fill="#1d4ed8"><title>review ${p.id} (${p.reviewDate}): ${percent(p.summary.covered)} prevented or detected</title></circle>`);
  const labelEvery = Math.ceil(points.length / 10);
  const labels = points.map((p, i) => (i % labelEvery === 0 || i === points.length - 1 ? html`<text x="${x(i).toFixed(1)}" y="${HEIGHT - PAD.bottom + 14}" text-anchor="middle">#${p.id}</text><text x="${x(i).toFixed(1)}" y="${HEIGHT - PAD.bottom + 27}" text-anchor="middle">${p.reviewDate}</text>` : ''));
  const axis = html`<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${WIDTH - PAD.right}" y2="${PAD.top + plotH}" stroke="#9ca3af"/>
    <text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end">${maxFindings}</text><text x="${PAD.left - 6}" y="${PAD.top + plotH}" text-anchor="end">0</text>
    <text x="${WIDTH - PAD.right + 6}" y="${PAD.top + 4}">100%</text><text x="${WIDTH - PAD.right + 6}" y="${PAD.top + plotH}">0%</text>`;

  return html`<svg class="trend" role="img" aria-label="Findings by risk level and coverage over ${points.length} stored reviews" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" style="max-width:${WIDTH}px;font-size:10px;background:#fff;border:1px solid #e5e7eb">
  ${axis}${bars}<path d="${line}" fill="none" stroke="#1d4ed8" stroke-width="2"/>${dots}${labels}</svg>
  <p class="legend">Bars: findings by risk level (${LEVELS.map((l) => html`<span class="dot" style="background:${LEVEL_COLOUR[l]}"></span>${l} `)}), left axis. Line: share of applicable techniques prevented or detected, right axis.</p>
  <details><summary>Figures</summary><table><thead><tr><th>Review</th><th>Date</th><th>ATLAS</th><th>Assets</th>${LEVELS.map((l) => html`<th>${l}</th>`)}<th>Covered</th><th>Risk total</th><th>Run by</th></tr></thead>
  <tbody>${[...points].reverse().map((p) => html`<tr><td>#${p.id}</td><td>${p.reviewDate}</td><td>${p.atlasVersion}</td><td>${p.assetCount}</td>${LEVELS.map((l) => html`<td>${p.summary.levels[l]}</td>`)}<td>${percent(p.summary.covered)}</td><td>${p.summary.riskTotal}</td><td>${p.runBy}</td></tr>`)}</tbody></table></details>`;
}

function total(levels: Record<RiskLevel, number>): number {
  return LEVELS.reduce((sum, l) => sum + levels[l], 0);
}
