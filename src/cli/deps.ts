import { Option, type Command } from 'commander';
import { usageError } from '../errors.ts';
import { EXIT } from './exit-codes.ts';
import { formatOption } from './options.ts';
import { colour, writeErr, writeOut } from './output.ts';

interface ScanOptions {
  format: 'text' | 'json';
  advisories?: string;
  inventory?: string;
  failOn: 'low' | 'medium' | 'high' | 'critical';
  date?: string;
}

const levels = ['low', 'medium', 'high', 'critical'] as const;

/** `rampart deps scan` and `rampart advisories update`: vulnerable AI frameworks and packages (src/deps/README.md). */
export function registerDeps(program: Command): void {
  const deps = program.command('deps').description('dependencies of AI systems: known vulnerable packages (OSV advisories)');
  deps
    .command('scan')
    .description('match requirements, pyproject, lock files, conda environments, package-lock and CycloneDX SBOMs against OSV advisories')
    .argument('<paths...>', 'manifests, or folders to search for them')
    .addOption(formatOption(['text', 'json'] as const))
    .option('--advisories <dir|zip>', 'OSV advisories to use (a folder or an ecosystem export zip); default: the cache filled by `rampart advisories update`')
    .option('--inventory <dir>', "also check the inventory's `frameworks:` of every asset")
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a vulnerable package reaches this severity (unknown counts as medium)').choices(levels).default('low'))
    .option('--date <YYYY-MM-DD>', 'judge the age of the advisory data as of this day (default today)')
    .addHelpText('after', '\nExit codes: 0 nothing at or above --fail-on, 1 vulnerable packages found, 2 usage or input error, 3 nothing pinned to check.')
    .action(async (paths: string[], options: ScanOptions) => {
      const now = options.date ? new Date(`${options.date}T00:00:00Z`) : new Date();
      if (Number.isNaN(now.getTime())) throw usageError(`--date must be YYYY-MM-DD, not ${options.date}`);
      // Loaded on use: the version and CVSS libraries are not for the other verbs to pay for.
      const [{ openAdvisories }, { collectDependencies, scanCollected, wantedKeys }, { dependencyTextReport }, { inventoryDependencies }] = await Promise.all([
        import('../deps/advisory-source.ts'),
        import('../deps/scan.ts'),
        import('../deps/text-report.ts'),
        import('../deps/inventory-dependencies.ts'),
      ]);
      const extra = options.inventory ? await inventoryDependencies(options.inventory) : undefined;
      const collected = await collectDependencies(paths, extra);
      const scan = scanCollected(collected, await openAdvisories(options.advisories, process.env, wantedKeys(collected.dependencies)), now);
      if (options.format === 'json') writeOut(JSON.stringify({ tool: 'rampart-deps', ...scan }, null, 2));
      else writeOut(dependencyTextReport(scan, colour));
      if (options.format === 'json' && scan.advisories.stale) writeErr(colour.yellow(`warning: the advisory data is ${scan.advisories.ageDays ?? 'of unknown age'} days old — run \`rampart advisories update\``));
      const threshold = levels.indexOf(options.failOn);
      const reached = scan.vulnerable.some((v) => levels.indexOf(v.severity === 'unknown' ? 'medium' : v.severity) >= threshold);
      // Nothing pinned means nothing was checked: never a clean exit (a range says nothing of what is installed).
      if (!reached && scan.checked === 0) writeErr(colour.yellow('no pinned package version was checked: inconclusive — scan the lock file, or pin versions'));
      process.exitCode = reached ? EXIT.findings : scan.checked === 0 ? EXIT.inconclusive : EXIT.ok;
    });

}

/** `rampart advisories update`: the OSV exports `deps scan` matches against, into the local cache. */
export function registerAdvisories(program: Command): void {
  program
    .command('advisories')
    .description('the OSV advisory data that `deps scan` matches against: update downloads it into the local cache')
    .command('update')
    .description('download the OSV exports (PyPI and npm by default) into the local cache, with their date')
    .option('--ecosystem <name...>', 'OSV ecosystems to fetch', ['PyPI', 'npm'])
    .option('--from <url>', 'a mirror URL template with {ecosystem}, e.g. https://mirror.example/osv/{ecosystem}/all.zip')
    .action(async (options: { ecosystem: string[]; from?: string }) => {
      const { updateAdvisories } = await import('../deps/update.ts');
      const fetched = await updateAdvisories({ ecosystems: options.ecosystem, ...(options.from ? { urlTemplate: options.from } : {}), now: () => new Date() });
      for (const f of fetched) writeOut(`${f.ecosystem}: ${f.advisories} advisories (${(f.bytes / 1e6).toFixed(1)} MB) from ${f.url}, fetched ${f.fetchedAt}`);
    });
}
