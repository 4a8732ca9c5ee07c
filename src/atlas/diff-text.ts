import type { AtlasDiff, CollectionDiff } from './diff.ts';

/** `rampart atlas diff` for the terminal: every id with its name, tactic moves with tactic names. */
export function renderAtlasDiff(diff: AtlasDiff): string {
  const lines = [`ATLAS ${diff.from} → ${diff.to}`];
  const tactic = (id: string) => `${id} ${diff.tacticNames[id] ?? ''}`.trim();
  const section = (title: string, d: CollectionDiff) => {
    lines.push('', `${title}: ${d.added.length} added, ${d.removed.length} removed, ${d.renamed.length} renamed`);
    for (const id of d.added) lines.push(`  + ${id} ${d.names[id] ?? ''}`.trimEnd());
    for (const id of d.removed) lines.push(`  - ${id} ${d.names[id] ?? ''}`.trimEnd());
    for (const r of d.renamed) lines.push(`  ~ ${r.id}: "${r.from}" → "${r.to}"`);
  };
  section('Tactics', diff.tactics);
  section('Techniques', diff.techniques);
  // Releases before 5.0 state no maturity at all: one line for those, not a hundred.
  const firstStated = diff.techniques.maturityChanged.filter((m) => m.from === null);
  if (firstStated.length) lines.push(`  maturity first stated for ${firstStated.length} technique(s) ATLAS ${diff.from} gave none (--format json lists them)`);
  for (const m of diff.techniques.maturityChanged.filter((x) => x.from !== null)) lines.push(`  maturity ${m.id}: ${m.from} → ${m.to ?? '—'}`);
  const moves = diff.techniques.tacticsChanged;
  lines.push('', `Techniques that moved between tactics: ${moves.length}`);
  for (const m of moves) {
    const joined = m.added.length ? ` joined ${m.added.map(tactic).join(', ')}` : '';
    const left = m.removed.length ? ` left ${m.removed.map(tactic).join(', ')}` : '';
    lines.push(`  ↔ ${m.id} ${m.name}:${left}${left && joined ? ';' : ''}${joined}`);
  }
  section('Mitigations', diff.mitigations);
  for (const m of diff.mitigations.mappingChanged) lines.push(`  ${m.id} now also addresses ${m.added.join(', ') || '—'}; no longer ${m.removed.join(', ') || '—'}`);
  section('Case studies', diff.caseStudies);
  return lines.join('\n');
}
