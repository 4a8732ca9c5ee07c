import type { Command } from 'commander';
import { loadAtlas } from '../atlas/load.ts';
import { coversTechnique, loadControlLibrary } from '../controls/library.ts';
import type { Control } from '../controls/schema.ts';
import { inputError } from '../errors.ts';
import { formatOption } from './options.ts';
import { writeOut } from './output.ts';

export function registerControls(program: Command): void {
  const controls = program.command('controls').description('browse the control library');

  controls
    .command('list')
    .description('list library controls, optionally those covering one technique')
    .option('-t, --technique <id>', 'only controls that cover this ATLAS technique')
    .addOption(formatOption(['text', 'json']))
    .action(async (options: { technique?: string; format: 'text' | 'json' }) => {
      const all = [...(await library()).values()];
      const technique = options.technique?.trim().toUpperCase();
      const chosen = technique ? all.filter((c) => coversTechnique(c, technique as never)) : all;
      writeOut(options.format === 'json' ? JSON.stringify(chosen, null, 2) : chosen.map((c) => `${c.id.padEnd(38)} ${c.type.padEnd(10)} ${c.mitigations.join(',')}  ${c.title}`).join('\n'));
    });

  controls
    .command('show')
    .description('print one control: what it implements, covers, and how to verify it')
    .argument('<id>', 'control id')
    .addOption(formatOption(['text', 'json']))
    .action(async (id: string, options: { format: 'text' | 'json' }) => {
      const control = (await library()).get(id);
      if (!control) throw inputError(`no control "${id}" in the library`, {}, 'list them with: rampart controls list');
      writeOut(options.format === 'json' ? JSON.stringify(control, null, 2) : describe(control));
    });
}

async function library() {
  return loadControlLibrary(await loadAtlas());
}

function describe(c: Control): string {
  return [
    `${c.id}  ${c.title}`,
    `${c.type} · applies to ${c.elements.join(', ')}${c.kinds ? ` (${c.kinds.join(', ')})` : ''} · implements ${c.mitigations.join(', ')}`,
    '',
    c.description,
    '',
    `Covers: ${c.techniques.join(', ')}`,
    '',
    'Questions a reviewer asks:',
    ...c.questions.map((q) => `  - ${q}`),
    '',
    'Evidence that proves it:',
    ...c.evidence.map((e) => `  - ${e}`),
  ].join('\n');
}
