import type { Command } from 'commander';
import { describeAtlasObject } from '../atlas/describe.ts';
import { diffAtlas } from '../atlas/diff.ts';
import { renderAtlasDiff } from '../atlas/diff-text.ts';
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
      writeOut(options.format === 'json' ? JSON.stringify(diff, null, 2) : renderAtlasDiff(diff));
    });
}
