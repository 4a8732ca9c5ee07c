import { userInfo } from 'node:os';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { usageError } from '../errors.ts';
import { historySections } from '../report/html/history-sections.ts';
import type { HtmlExtras } from '../report/html/page.ts';
import { REPORT_FORMATS } from '../report/formats.ts';
import { streamReview } from '../report/stream/finding-source.ts';
import { streamSink } from '../report/stream/sink.ts';
import { renderSummary } from '../report/summary.ts';
import { checkOutputFolder, reportWriteError } from '../report/output-folder.ts';
import { writeReports } from '../report/write-reports.ts';
import { whoRuns } from '../review/history.ts';
import type { Review } from '../review/review.ts';
import { runReview, type ReviewOptions } from '../review/run-review.ts';
import { loadHistoryContext } from '../store/report-context.ts';
import { saveReview } from '../store/reviews.ts';
import { latestManifests, saveManifests } from '../store/data-manifests.ts';
import type { ProvenanceRun } from '../data/provenance/review-provenance.ts';
import { renderChanges, tally } from '../data/provenance/render-text.ts';
import type { CheckRun } from '../checks/run-checks.ts';
import { DEFAULT_MAX_INVENTORY, parseSize } from '../inventory/size-limit.ts';
import { describeCheckRuns, unrunnable } from './check-runs.ts';
import { EXIT } from './exit-codes.ts';
import { atlasOption, formatOption } from './options.ts';
import { writeErr, writeOut } from './output.ts';
import { registerReviewDiff, registerReviewShow } from './review-history.ts';
import { storeOption, withStore } from './store-option.ts';

const ReviewFlags = z.object({
  atlas: z.string().optional(),
  out: z.string(),
  format: z.enum(['text', 'json', 'jsonl', 'markdown', 'html']),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '--date takes YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(d)), '--date is not a real date')
    .optional(),
  window: z.coerce.number().int().positive('--window takes a positive number of days').optional(),
  write: z.boolean(),
  store: z.union([z.string(), z.literal(false)]).optional(),
  by: z.string().min(1, '--by takes a name').optional(),
  checks: z.union([z.literal(true), z.string()]).optional(),
  allowHost: z.array(z.string()).optional(),
  unrunnable: z.enum(['fail', 'warn']),
  maxInventory: z.string().optional(),
});

/**
 * `rampart review [dir]` runs and stores a review; `rampart review show ID` and `rampart review diff [A] [B]` read
 * stored ones. Options are positional so `show` and `diff` own the flags after their names. A folder literally
 * called `show` or `diff` is reviewed as `rampart review ./show`.
 */
export function registerReview(program: Command): void {
  // Positional options must be on from the root down, or the root hands `review` the flags meant for `show`/`diff`.
  // The root has no options of its own besides --help and --version, so nothing else changes.
  program.enablePositionalOptions();
  const review = program
    .command('review')
    .description('review an inventory against MITRE ATLAS: gap analysis, risk, plan; stores the review and writes JSON, Markdown and HTML reports')
    .enablePositionalOptions()
    .argument('[dir]', 'inventory folder (YAML files, CycloneDX BOMs) or one inventory file', '.')
    .addOption(atlasOption())
    .option('-o, --out <dir>', 'folder for review.json, review.jsonl, report.md and report.html', 'rampart-report')
    .addOption(formatOption(['text', 'json', 'jsonl', 'markdown', 'html']))
    .option('--date <yyyy-mm-dd>', 'review as of this day (default: today)')
    .option('--window <days>', 'a claim counts only if verified within this many days (default 365)')
    .option('--no-write', 'print only; write no report files')
    .addOption(storeOption())
    .option('--no-store', 'do not store the review (no history, diff or trend)')
    .option('--checks [ids]', 'run the checks on the endpoints and files the inventory names (all, or comma-separated check ids or families); sends traffic to them')
    .option('--allow-host <host...>', 'with --checks: probe endpoints only on these hosts')
    .addOption(new Option('--unrunnable <policy>', 'with --checks: when a check could not run on a target (unreachable, error, missing parameters), fail the run with exit 3 or only warn').choices(['fail', 'warn']).default('fail'))
    .option('--max-inventory <size>', `refuse inventories larger than this (bytes, or with KB/MB/GB; default ${DEFAULT_MAX_INVENTORY})`)
    .option('--by <name>', 'who runs the review, for the record (default RAMPART_USER, the CI actor, or your login)')
    .action(async (dir: string, raw: unknown) => {
      const parsed = ReviewFlags.safeParse(raw);
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart review --help');
      const flags = parsed.data;
      // Before anything is analysed or stored: a run that cannot write its reports must leave nothing behind.
      if (flags.write) await checkOutputFolder(flags.out);
      const runs: CheckRun[] = [];
      // commander gives `store: false` for --no-store, the --store value, or nothing (the default store). The store is
      // opened before the analysis, so an unusable store path fails in a second, not after the review has run.
      if (flags.store === false) return finish(await analyse(dir, flags, runs), {}, flags, runs);
      const storeFlag = typeof flags.store === 'string' ? flags.store : undefined;
      const { result, extras } = await withStore(
        storeFlag,
        async (store) => {
          // Data files are manifested and compared with the organisation's previous manifests only when the review is stored.
          let provenance: ProvenanceRun | undefined;
          const result = await analyse(dir, flags, runs, { previous: (organisation) => latestManifests(store, organisation), record: (run) => void (provenance = run) });
          const meta = await saveReview(store, result, { runBy: whoRuns(flags.by, process.env, () => userInfo().username) });
          await saveManifests(store, meta.id, provenance?.manifests ?? []);
          writeErr(`stored review ${meta.id} in ${store.where}`);
          return { result, extras: historySections(await loadHistoryContext(store, meta.id, result), result.matrix) };
        },
        'write',
      );
      await finish(result, extras, flags, runs);
    });
  registerReviewShow(review);
  registerReviewDiff(review);
}

type Flags = z.infer<typeof ReviewFlags>;

async function analyse(dir: string, flags: Flags, runs: CheckRun[], provenance?: ReviewOptions['provenance']): Promise<Review> {
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  return runReview({
    inventory: dir,
    atlasFile: flags.atlas,
    reviewDate: flags.date ? new Date(`${flags.date}T00:00:00Z`) : undefined,
    verificationWindowDays: flags.window,
    checks:
      flags.checks === undefined
        ? false
        : {
            only: flags.checks === true ? undefined : flags.checks.split(',').map((s) => s.trim()).filter(Boolean),
            allowHosts: flags.allowHost,
            signal: controller.signal,
            logger: { debug: () => undefined, info: (m) => writeErr(m), warn: (m) => writeErr(`warning: ${m}`) },
            record: (run) => void runs.push(run),
          },
    maxInventoryBytes: parseSize(flags.maxInventory ?? DEFAULT_MAX_INVENTORY),
    ...(provenance ? { provenance } : {}),
  }).finally(() => process.off('SIGINT', stop));
}

/** Reports streamed to files and stdout, then what the checks did; unrunnable checks decide the exit code. */
async function finish(result: Review, extras: HtmlExtras, flags: Flags, runs: readonly CheckRun[]): Promise<void> {
  const streamed = streamReview(result);
  if (flags.write) {
    const files = await writeReports(streamed, flags.out, { waivers: [], html: extras }).catch((error: unknown) => {
      throw reportWriteError(error, flags.out);
    });
    writeErr(`reports: ${files.html}, ${files.markdown}, ${files.json}, ${files.jsonl}`);
  }
  const checks = flags.checks === undefined ? undefined : describeCheckRuns(runs);
  const data = result.dataProvenance ? renderChanges(result.dataProvenance.files, `\nData files against the previous review's manifests (${tally(result.dataProvenance.files)}):`).join('\n') : '';
  if (flags.format === 'text') writeOut(`${renderSummary(result)}${data ? `\n${data}` : ''}${checks ? `\n\n${checks}` : ''}`);
  else {
    const out = streamSink(process.stdout);
    await REPORT_FORMATS[flags.format].write(out, streamed, { waivers: [], html: extras });
    await out.flush();
    if (checks) writeErr(checks);
  }
  if (checks && unrunnable(runs) > 0) {
    const what = `${unrunnable(runs)} check run(s) could not run; the review stands without their evidence`;
    if (flags.unrunnable === 'warn') writeErr(`warning: ${what}`);
    else {
      writeErr(`error: ${what} — inconclusive (exit ${EXIT.inconclusive}); fix the targets or parameters, or pass --unrunnable warn to accept it`);
      process.exitCode = EXIT.inconclusive;
    }
  }
}
