import type { ReviewHead } from '../stream/asset-source.ts';
import type { CellTotals, FindingTotals } from '../stream/finding-totals.ts';
import { COVERAGE_LABEL } from '../labels.ts';
import { heat } from './colours.ts';
import { html, type Raw } from './escape.ts';

interface Cell {
  id: string;
  name: string;
  totals: CellTotals | undefined;
  notAssessed: boolean;
}

/**
 * The ATLAS matrix as a heatmap: a column per tactic, a cell per technique (sub-techniques folded into
 * their parent), coloured by the highest risk among the assets it applies to.
 */
export function renderMatrix(review: ReviewHead, totals: FindingTotals): Raw {
  const parentOf = new Map(review.matrix.techniques.map((t) => [t.id, t.parent ?? t.id]));
  const notAssessed = new Set(review.notAssessed.map((n) => parentOf.get(n.techniqueId) ?? n.techniqueId));
  const columns = review.matrix.tactics.map((tactic) => {
    const cells: Cell[] = review.matrix.techniques
      .filter((t) => !t.parent && t.tactics.includes(tactic.id))
      .map((t) => ({ id: t.id, name: t.name, totals: totals.cells.get(`${t.id}|${tactic.id}`), notAssessed: notAssessed.has(t.id) }));
    const rollup = review.rollups.byTactic[tactic.id];
    return html`<div class="col"><div class="tactic" title="${tactic.id}">${tactic.name}<small>${rollup ? `${Math.round(rollup.covered * 100)}% covered` : 'n/a'}</small></div>${cells.map(renderCell)}</div>`;
  });
  return html`<div class="matrix">${columns}</div>
  <p class="legend">Cell colour: highest risk score among the assets the technique applies to (green low → red high); grey: applies to no asset; hatched: not yet assessed. Figures: assets affected · worst coverage.</p>`;
}

function renderCell(cell: Cell): Raw {
  if (cell.notAssessed) return html`<div class="cell new" title="${cell.id} ${cell.name}: new in this ATLAS release, not yet assessed">${cell.name}<small>not assessed</small></div>`;
  if (!cell.totals) return html`<div class="cell na" title="${cell.id} ${cell.name}: applies to no asset">${cell.name}</div>`;
  const { maxScore: max, worst, assets } = cell.totals;
  const tip = `${cell.id} ${cell.name}\nmax risk ${max} · ${assets.size} assets · worst: ${COVERAGE_LABEL[worst]}\n${[...take(assets, 8)].join(', ')}`;
  return html`<div class="cell" style="background:${heat(max)}" title="${tip}">${cell.name}<small>${assets.size} · ${COVERAGE_LABEL[worst]}</small></div>`;
}

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  for (const item of items) {
    yield item;
    if (--n <= 0) return;
  }
}
