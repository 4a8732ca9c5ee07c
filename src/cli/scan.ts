import { Option, type Command } from 'commander';
import { usageError } from '../errors.ts';
import { sarifReport } from '../scan/sarif.ts';
import { displayPath, scanPaths } from '../scan/scan-paths.ts';
import { outcomeOf, summarise, type FailOn } from '../scan/summary.ts';
import { textReport } from '../scan/text-report.ts';
import { defaultLimits } from '../scan/types.ts';
import { EXIT } from './exit-codes.ts';
import { formatOption } from './options.ts';
import { colour, writeErr, writeOut } from './output.ts';

interface ScanOptions {
  format: 'text' | 'json' | 'sarif';
  failOn: FailOn;
  jobs?: string;
  timeout?: string;
  verbose?: boolean;
  output?: string;
}

/** `rampart scan PATH…`: the model supply-chain scanner as a standalone gate (src/scan/README.md). */
export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('scan model files and folders for unsafe deserialisation and tampering (never loads them)')
    .argument('<paths...>', 'files or folders (folders are scanned recursively)')
    .addOption(formatOption(['text', 'json', 'sarif'] as const))
    .addOption(new Option('--fail-on <level>', 'exit 1 when a finding reaches this level').choices(['suspicious', 'dangerous']).default('suspicious'))
    .option('-j, --jobs <n>', 'worker threads (0 = scan in the main thread)')
    .option('--timeout <seconds>', 'time budget per file', String(defaultLimits.timeMs / 1000))
    .option('-v, --verbose', 'also list informational findings in text output')
    .addHelpText('after', '\nExit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error, 3 inconclusive (a file could not be fully scanned).')
    .action(async (paths: string[], options: ScanOptions) => {
      const jobs = options.jobs === undefined ? undefined : Number(options.jobs);
      if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 0 || jobs > 64)) throw usageError(`--jobs must be a whole number from 0 to 64, not ${options.jobs}`);
      const seconds = Number(options.timeout);
      if (!Number.isFinite(seconds) || seconds <= 0) throw usageError(`--timeout must be a positive number of seconds, not ${options.timeout}`);
      const interactive = options.format === 'text' && process.stderr.isTTY;
      const reports = await scanPaths(paths, {
        limits: { ...defaultLimits, timeMs: seconds * 1000 },
        ...(jobs !== undefined ? { jobs } : {}),
        onReport: interactive ? (_r, done, total) => process.stderr.write(`\rscanned ${done}/${total}`) : undefined,
      });
      if (interactive) process.stderr.write('\r\x1b[K');
      for (const r of reports) {
        const shown = displayPath(r.path);
        r.findings.forEach((f) => (f.file = shown));
        r.path = shown;
      }
      if (options.format === 'json') writeOut(JSON.stringify({ tool: 'rampart-scan', summary: summarise(reports), files: reports }, null, 2));
      else if (options.format === 'sarif') writeOut(JSON.stringify(sarifReport(reports), null, 2));
      else writeOut(textReport(reports, colour, options.verbose));
      const outcome = outcomeOf(reports, options.failOn);
      if (outcome === 'inconclusive' && options.format === 'text') writeErr(colour.yellow('some files could not be fully scanned: treat them as unsafe until reviewed'));
      process.exitCode = outcome === 'findings' ? EXIT.findings : outcome === 'inconclusive' ? EXIT.inconclusive : EXIT.ok;
    });
}
