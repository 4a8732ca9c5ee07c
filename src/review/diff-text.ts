import { LEVELS, percent } from '../report/labels.ts';
import type { Attribution } from './diff-cause.ts';
import type { ReviewDiff, RollupChange } from './diff.ts';
import type { StoredReviewMeta } from './history.ts';

const LIMIT = 20;

/** The diff of two stored reviews for the terminal; `--format json` carries every row. */
export function renderDiffText(diff: ReviewDiff, older: StoredReviewMeta, newer: StoredReviewMeta, tacticName: (id: string) => string = (id) => id): string {
  const { risk } = diff;
  const lines = [
    `Review ${newer.id} (${newer.reviewDate}, ATLAS ${diff.atlas.after}) against review ${older.id} (${older.reviewDate}, ATLAS ${diff.atlas.before})`,
    `Risk total ${risk.totalBefore} → ${risk.totalAfter} (${signed(round(risk.totalAfter - risk.totalBefore))}), highest ${risk.maxBefore} → ${risk.maxAfter}`,
    `Levels: ${LEVELS.map((l) => `${l} ${risk.levelsBefore[l]} → ${risk.levelsAfter[l]}`).join(', ')}`,
    `Findings: ${diff.new.length} new, ${diff.resolved.length} resolved, ${diff.regressed.length} regressed, ${diff.improved.length} improved, ${diff.unchanged} unchanged`,
  ];
  if (diff.atlasChanged) lines.push(...atlasCauseLines(diff));
  section(lines, 'New', diff.new, (f) => `+ ${f.risk.score.toFixed(1).padStart(4)} ${f.risk.level.padEnd(8)} ${f.id} · ${f.coverage}${tag(f)}`);
  section(lines, 'Regressed', diff.regressed, (c) => `! ${c.after.score.toFixed(1).padStart(4)} ${c.after.level.padEnd(8)} ${c.id} · ${c.cause === 'atlas' ? `[ATLAS] ${c.because}` : c.reasons.join('; ')}`);
  section(lines, 'Resolved', diff.resolved, (f) => `✓ ${f.id} · ${f.how === 'gone' ? 'no longer applies' : `now ${f.coverage}`}${tag(f)}`);
  const tactics = diff.tactics.filter(moved);
  if (tactics.length) lines.push('', 'Coverage by tactic:', ...tactics.map((t) => `  ${tacticName(t.key).padEnd(34)} ${coverageMove(t)}`));
  const elements = diff.elements.filter(moved);
  if (elements.length) lines.push('', 'Coverage by element:', ...elements.map((e) => `  ${e.key.padEnd(34)} ${coverageMove(e)}`));
  if (diff.newTechniques.length) {
    lines.push('', `New in ATLAS ${diff.atlas.after} since review ${older.id} — assess (${diff.newTechniques.length}):`);
    lines.push(...diff.newTechniques.map((t) => `  ${t.id} ${t.name} — new — assess`));
  }
  return lines.join('\n');
}

/** Under a new ATLAS release, how many changes are the organisation's and how many the ruler's. */
function atlasCauseLines(diff: ReviewDiff): string[] {
  const split = (rows: readonly Attribution[]) => {
    const atlas = rows.filter((r) => r.cause === 'atlas').length;
    return `${rows.length - atlas} by the organisation, ${atlas} by ATLAS`;
  };
  return [
    `ATLAS changed (${diff.atlas.before} → ${diff.atlas.after}): changes it alone caused are marked [ATLAS] and are not regressions of posture.`,
    `  new: ${split(diff.new)}; resolved: ${split(diff.resolved)}; regressed: ${split(diff.regressed)}; improved: ${split(diff.improved)}`,
  ];
}

function tag(row: Attribution): string {
  return row.cause === 'atlas' ? ` [ATLAS: ${row.because}]` : '';
}

function section<T>(lines: string[], title: string, rows: readonly T[], line: (row: T) => string): void {
  if (rows.length === 0) return;
  lines.push('', `${title} (${rows.length}):`, ...rows.slice(0, LIMIT).map((r) => `  ${line(r)}`));
  if (rows.length > LIMIT) lines.push(`  … and ${rows.length - LIMIT} more (--format json lists all)`);
}

function moved(r: RollupChange): boolean {
  return r.coveredBefore !== r.coveredAfter || r.riskBefore !== r.riskAfter;
}

function coverageMove(r: RollupChange): string {
  const before = r.coveredBefore === undefined ? '—' : percent(r.coveredBefore);
  const after = r.coveredAfter === undefined ? '—' : percent(r.coveredAfter);
  const points = r.coveredBefore !== undefined && r.coveredAfter !== undefined ? ` (${signed(Math.round((r.coveredAfter - r.coveredBefore) * 100))} pts)` : '';
  return `${before} → ${after}${points}, risk ${r.riskBefore} → ${r.riskAfter}`;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0';
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
