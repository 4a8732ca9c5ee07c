import type { Command } from 'commander';
import { describeAtlasObject } from '../atlas/describe.ts';
import { diffAtlas, type AtlasDiff } from '../atlas/diff.ts';
import { loadAtlas } from '../atlas/load.ts';
import { inputError } from '../errors.ts';
import { atlasOption, formatOption } from './options.ts';
import { writeOut } from './output.ts';

export function registerAtlas(program: Command): void {
  const atlas = program.command('atlas').description('look up and compare MITRE ATLAS releases');

  atlas
    .command('show')
    .description('print a technique, tactic or mitigation (e.g. AML.T0051, AML.TA0000, AML.M0004)')
    .argument('<id>', 'ATLAS id')
    .addOption(atlasOption())
    .addOption(formatOption(['text', 'json']))
    .action(async (id: string, options: { atlas?: string; format: 'text' | 'json' }) => {
      const release = await loadAtlas(options.atlas);
      const found = describeAtlasObject(release, id.trim().toUpperCase());
      if (!found) throw inputError(`no technique, tactic or mitigation "${id}" in ATLAS ${release.version}`, {}, 'ids look like AML.T0051, AML.T0051.000, AML.TA0000 or AML.M0004');
      writeOut(options.format === 'json' ? JSON.stringify(found.data, null, 2) : found.text);
    });

  atlas
    .command('diff')
    .description('list what changed between two ATLAS releases')
    .argument('<old>', 'older ATLAS.yaml')
    .argument('<new>', 'newer ATLAS.yaml')
    .addOption(formatOption(['text', 'json']))
    .action(async (older: string, newer: string, options: { format: 'text' | 'json' }) => {
      const diff = diffAtlas(await loadAtlas(older), await loadAtlas(newer));
      writeOut(options.format === 'json' ? JSON.stringify(diff, null, 2) : renderDiff(diff));
    });
}

function renderDiff(diff: AtlasDiff): string {
  const lines = [`ATLAS ${diff.from} → ${diff.to}`];
  const section = (title: string, d: { added: string[]; removed: string[]; renamed?: { id: string; from: string; to: string }[] }) => {
    lines.push('', `${title}: ${d.added.length} added, ${d.removed.length} removed${d.renamed ? `, ${d.renamed.length} renamed` : ''}`);
    for (const id of d.added) lines.push(`  + ${id}`);
    for (const id of d.removed) lines.push(`  - ${id}`);
    for (const r of d.renamed ?? []) lines.push(`  ~ ${r.id}: "${r.from}" → "${r.to}"`);
  };
  section('Tactics', diff.tactics);
  section('Techniques', diff.techniques);
  for (const m of diff.techniques.maturityChanged) lines.push(`  maturity ${m.id}: ${m.from ?? '—'} → ${m.to ?? '—'}`);
  section('Mitigations', diff.mitigations);
  for (const m of diff.mitigations.mappingChanged) lines.push(`  ${m.id} now also addresses ${m.added.join(', ') || '—'}; no longer ${m.removed.join(', ') || '—'}`);
  section('Case studies', diff.caseStudies);
  return lines.join('\n');
}
