import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { inputError, usageError } from '../errors.ts';
import { manifestPaths } from '../data/provenance/paths.ts';
import { buildManifest } from '../data/provenance/build-manifest.ts';
import { compareManifests, type FileChange } from '../data/provenance/compare.ts';
import { ManifestDocument, type FileManifest } from '../data/provenance/manifest.ts';
import { renderChanges, tally } from '../data/provenance/render-text.ts';
import { renderManifest } from '../data/provenance/render-manifest.ts';
import { EXIT } from './exit-codes.ts';
import { formatOption } from './options.ts';
import { writeErr, writeOut } from './output.ts';

const Flags = z.object({
  appendOnly: z.boolean().optional(),
  chunkRows: z.coerce.number().int('--chunk-rows takes a whole number').min(1, '--chunk-rows takes a positive number').max(10_000_000, '--chunk-rows is at most 10,000,000').optional(),
  label: z.string().min(1).optional(),
  format: z.enum(['text', 'json']),
  out: z.string().optional(),
  previous: z.string().optional(),
  records: z.boolean().optional(),
});

/** `rampart data manifest PATH…`: the manifest of data files, and with --previous what changed since an earlier one. */
export function registerDataManifest(data: Command): void {
  data
    .command('manifest')
    .description('record data files: SHA-256 per file and per chunk of rows, schema, statistical profile; --previous compares with an earlier manifest')
    .argument('<paths...>', 'data files or folders (CSV, TSV, JSON Lines are read as tables; other files are hashed)')
    .option('--append-only', 'declare the files append-only: with --previous, any earlier row changed or removed is tampering')
    .option('--chunk-rows <n>', 'rows per chunk (default 10000, or the previous manifest’s)')
    .option('--label <column>', 'the label column (its distribution is compared like any column, and named as the label)')
    .addOption(formatOption(['text', 'json']))
    .option('-o, --out <file>', 'write the manifest (JSON) to this file')
    .option('--previous <file>', 'an earlier manifest (written with --out): report what changed; exit 1 on tampering')
    .option('--records', 'also fingerprint every record (the label column left out): rampart monitor --training-data reads them to flag clients sending training records')
    .addHelpText('after', '\nExit codes: 0 done, 1 append-only data was changed (with --previous), 2 usage or input error (one message naming the file and line).')
    .action(async (paths: string[], raw: unknown) => {
      const parsed = Flags.safeParse(raw);
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart data manifest --help');
      const flags = parsed.data;
      const previous = flags.previous ? await readPrevious(flags.previous) : undefined;
      const files: FileManifest[] = [];
      const changes: FileChange[] = [];
      for (const { file, path } of await manifestPaths(paths)) {
        const before = previous?.get(path);
        const chunkRows = flags.chunkRows ?? before?.chunkRows;
        const label = flags.label ?? before?.label;
        const built = await buildManifest(file, {
          path,
          appendOnly: flags.appendOnly ?? before?.appendOnly ?? false,
          ...(chunkRows !== undefined ? { chunkRows } : {}),
          ...(label !== undefined ? { label } : {}),
          ...(before?.rows !== undefined ? { cutAt: before.rows } : {}),
        });
        if (flags.label !== undefined && built.manifest.format !== 'bytes' && built.manifest.label === undefined) {
          throw inputError(`the label column "${flags.label}" is not a column of this file`, { file }, `its columns: ${(built.manifest.columns ?? []).map((c) => c.name).slice(0, 20).join(', ')}`);
        }
        if (flags.records && built.manifest.format !== 'bytes') {
          const { fingerprintDataset } = await import('../monitor/training-set/read-training-records.ts');
          built.manifest.records = (await fingerprintDataset(file, { ...(label !== undefined ? { label } : {}), neighbours: false })).summary;
        }
        files.push(built.manifest);
        if (previous) changes.push(compareManifests(before, built.manifest, built.cut));
      }
      if (previous) for (const [path, before] of previous) if (!files.some((f) => f.path === path)) changes.push(compareManifests(before, undefined));
      const document: ManifestDocument = { schema: 'rampart.data-manifests/v1', generatedAt: new Date().toISOString(), files };
      if (flags.out) {
        await writeFile(flags.out, `${JSON.stringify(document)}\n`).catch((error: unknown) => {
          throw inputError(`cannot write the manifest: ${(error as Error).message}`, { file: flags.out }, 'choose a writable path for --out');
        });
        writeErr(`manifest of ${files.length} file(s) written to ${flags.out}`);
      }
      if (flags.format === 'json') writeOut(JSON.stringify(previous ? { ...document, changes } : document, null, 2));
      else {
        const lines = files.flatMap((f) => renderManifest(f));
        if (previous) lines.push('', ...renderChanges(changes, `Since ${flags.previous}: ${tally(changes)}`));
        writeOut(lines.join('\n'));
      }
      if (changes.some((c) => c.violation)) process.exitCode = EXIT.findings;
    });
}

async function readPrevious(file: string): Promise<Map<string, FileManifest>> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw inputError(`cannot read the previous manifest: ${(error as Error).message}`, { file }, 'name a file written by rampart data manifest --out');
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw inputError(`the previous manifest is not JSON: ${(error as Error).message}`, { file }, 'name a file written by rampart data manifest --out');
  }
  const parsed = ManifestDocument.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw inputError(`the previous manifest is not a Rampart data manifest (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`, { file }, 'name a file written by rampart data manifest --out');
  }
  return new Map(parsed.data.files.map((f) => [f.path, f]));
}
