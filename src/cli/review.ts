import { userInfo } from 'node:os';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { usageError } from '../errors.ts';
import { EMPTY_CONTEXT } from '../report/format-context.ts';
import { reportContext } from '../report/history-context.ts';
import type { HtmlExtras } from '../report/html/page.ts';
import { REPORT_FORMATS, type ReportContext } from '../report/formats.ts';
import { streamDocument, streamReview, type StreamedReview } from '../report/stream/finding-source.ts';
import { streamSink } from '../report/stream/sink.ts';
import { renderSummary } from '../report/summary.ts';
import { checkOutputFolder, reportWriteError } from '../report/output-folder.ts';
import { writeReports } from '../report/write-reports.ts';
import { whoRuns } from '../review/history.ts';
import type { Review } from '../review/review.ts';
import type * as RunReviewExports from '../review/run-review.ts';
import type { ReviewOptions } from '../review/run-review.ts';
import { loadHistoryContext } from '../store/report-context.ts';
import { saveStagedReview } from '../store/reviews.ts';
import { storedFindings } from '../store/finding-pages.ts';
import { countLevels } from '../report/labels.ts';
import { collectGarbage } from '../util/collect-garbage.ts';
import type { Finding } from '../assess/finding.ts';
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
import { storeOption } from './store-option.ts';
import { openStore, type Store } from '../store/connection.ts';
import { resolveStoreLocation, type StoreLocation } from '../store/location.ts';
import { takeEarlyStore, type EarlyStore } from './early-store.ts';
import { timing } from '../util/timing.ts';
import { isCalendarDay } from '../util/calendar-day.ts';

/** run-review's exports, loaded only once the store has started opening (see `analysed`). */
type RunReviewModule = typeof RunReviewExports;

const ReviewFlags = z.object({
  atlas: z.string().optional(),
  out: z.string(),
  format: z.enum(['text', 'json', 'jsonl', 'markdown', 'html']),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '--date takes YYYY-MM-DD')
    .refine(isCalendarDay, '--date is not a day of the calendar')
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
      checksAsOf(flags, new Date());
      timing('review: options parsed');
      // Before anything is analysed or stored: a run that cannot write its reports must leave nothing behind.
      if (flags.write) await checkOutputFolder(flags.out);
      const runs: CheckRun[] = [];
      // commander gives `store: false` for --no-store, the --store value, or nothing (the default store).
      if (flags.store === false) {
        const result = await analysed(dir, flags, runs, (m) => m.runReview);
        return finish(streamReview(result), () => renderSummary(result), EMPTY_CONTEXT, flags, runs);
      }
      const storeFlag = typeof flags.store === 'string' ? flags.store : undefined;
      // Into a store, the review is staged: the findings are computed again as they are written, and the reports
      // read them back a page at a time, so memory follows the number of assets rather than of findings. Data files
      // are manifested and compared with the organisation's previous manifests only when the review is stored.
      let provenance: ProvenanceRun | undefined;
      await analyseWhileOpening(
        storeFlag,
        (signal, opening) =>
          analysed(dir, flags, runs, (m) => m.stageReview, signal, {
            previous: async (organisation) => latestManifests(await opening, organisation),
            record: (run) => void (provenance = run),
          }),
        async (store, staged) => {
          const meta = await saveStagedReview(store, staged, { runBy: whoRuns(flags.by, process.env, () => userInfo().username) });
          // Said before the manifests go in by their own transaction: if that one fails, the review is stored all the same.
          writeErr(`stored review ${meta.id} in ${store.where}`);
          await saveManifests(store, meta.id, provenance?.manifests ?? []);
          timing('review: stored');
          const { document, ranked, held } = staged;
          // The organisation's waivers and the diff with its previous review feed every report, as `rampart report` gives them.
          const context = reportContext(await loadHistoryContext(store, meta.id, { organisation: document.organisation, diffSide: () => ({ ...document, findings: ranked }) }), document.matrix);
          const regressed = context.html?.regressed;
          timing('review: history read');
          if (held) {
            // A review held whole reports from memory, so the store can close while the reports are written.
            const whole = { ...document, findings: held } as Review;
            return () => finish(streamReview(whole), () => renderSummary(whole, SUMMARY_TOP, undefined, regressed, context.waivers), context, flags, runs);
          }
          const levels = countLevels(ranked);
          // The reports read the findings back from the store: the gists need not stay through them.
          staged.release();
          collectGarbage();
          const streamed = streamDocument(document, storedFindings(store, meta.id, meta.findingCount));
          await finish(streamed, () => summaryOfStored(streamed, levels, regressed, context.waivers), context, flags, runs);
        },
      );
    });
  registerReviewShow(review);
  registerReviewDiff(review);
}

type Flags = z.infer<typeof ReviewFlags>;

/**
 * Checks run today, and evidence from after the review date counts for nothing: with an earlier --date, whatever
 * they found (a malicious pickle) would be set aside and the review would read as if they had found nothing.
 */
function checksAsOf(flags: Pick<Flags, 'checks' | 'date'>, now: Date): void {
  const today = now.toISOString().slice(0, 10);
  if (flags.checks === undefined || !flags.date || flags.date >= today) return;
  throw usageError(`--checks runs the checks today (${today} UTC); a review as of --date ${flags.date} cannot count what they find`, 'drop --date, or give today or a later day');
}

/**
 * The store opens while the analysis runs: PGlite starts on its own thread (store/pglite-worker.ts), so its start
 * costs no time beside the analysis. A store that cannot be opened (a file in its place, a lock held, damaged files)
 * still stops the review as soon as that is known, with the store's message, and aborts any checks in flight.
 */
async function analyseWhileOpening<A>(
  storeFlag: string | undefined,
  analysis: (signal: AbortSignal, opening: Promise<Store>) => Promise<A>,
  store: (store: Store, result: A) => Promise<void | AfterStore>,
): Promise<void> {
  const controller = new AbortController();
  const location = resolveStoreLocation({ store: storeFlag });
  // Opened before this module loaded (bin.ts, early-store.ts) when the command line named this store.
  const { opening, folderReady } = takeEarlyStore(location) ?? openNow(location);
  const failed = opening.then(
    () => new Promise<never>(() => undefined),
    (error: unknown) => {
      controller.abort(error);
      throw error;
    },
  );
  let result: A;
  try {
    // The analysis starts once the store's folder is locked and copied and PGlite starts on it: each step of that copy
    // waits for the main thread, which the analysis would hold for most of a second.
    result = await Promise.race([folderReady.then(() => analysis(controller.signal, opening)), failed]);
  } catch (error) {
    // Nothing was written: drop the staging copy rather than swap it in (a first run would otherwise leave a new,
    // empty store behind a user error such as a missing inventory).
    await opening.then((opened) => (opened.discard ? opened.discard() : opened.close()), () => undefined);
    throw error;
  }
  const opened = await opening;
  let after: void | AfterStore;
  try {
    after = await store(opened, result);
  } catch (error) {
    await opened.close();
    throw error;
  }
  // What needs the store no more runs while it closes (PGlite's shutdown checkpoint is on its own thread).
  const closing = opened.close();
  // Awaited below; until then a failure to close must not count as unhandled.
  closing.catch(() => undefined);
  try {
    if (after) await after();
  } finally {
    await closing;
    timing('review: store closed');
  }
}

function openNow(location: StoreLocation): Pick<EarlyStore, 'opening' | 'folderReady'> {
  let prepared!: () => void;
  const folderReady = new Promise<void>((resolve) => (prepared = resolve));
  return { opening: openStore(location, { mode: 'write', prepared }), folderReady };
}

/** Work after storing that reads nothing from the store (reports of a review held in memory). */
type AfterStore = () => Promise<void>;

/**
 * Run the review with the options the flags give; SIGINT (or the store failing to open) aborts the checks while it
 * runs. `runReview` keeps every finding in memory (no store); `stageReview` only what writing them into a store needs.
 */
async function analysed<T>(dir: string, flags: Flags, runs: CheckRun[], pick: (reviews: RunReviewModule) => (options: ReviewOptions) => Promise<T>, storeFailed?: AbortSignal, provenance?: ReviewOptions['provenance']): Promise<T> {
  const controller = new AbortController();
  storeFailed?.addEventListener('abort', () => controller.abort(storeFailed.reason), { once: true });
  // Loaded here, after the store has started opening: loading the analysis's modules is a third of a second that
  // PGlite's start on its worker thread runs beside.
  const review = pick(await import('../review/run-review.ts'));
  timing('review: analysis modules loaded');
  const stop = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  return review({ ...reviewOptions(dir, flags, runs, controller.signal), ...(provenance ? { provenance } : {}) }).finally(() => process.off('SIGINT', stop));
}

function reviewOptions(dir: string, flags: Flags, runs: CheckRun[], signal: AbortSignal): ReviewOptions {
  // Each check of a family plans its own runs, so a skipped endpoint was named once per check (ten times for llm-app).
  const said = new Set<string>();
  const once = (line: string) => {
    if (said.has(line)) return;
    said.add(line);
    writeErr(line);
  };
  return {
    inventory: dir,
    // Other YAML in the folder is passed over: said once, so a file meant as inventory is never dropped unseen.
    onInventory: ({ files, skipped }) => {
      if (skipped.length > 0) writeErr(`inventory: read ${files.join(', ')}; skipped ${skipped.map((s) => `${s.file} (${s.reason})`).join(', ')}`);
    },
    atlasFile: flags.atlas,
    reviewDate: flags.date ? new Date(`${flags.date}T00:00:00Z`) : undefined,
    verificationWindowDays: flags.window,
    checks:
      flags.checks === undefined
        ? false
        : {
            only: flags.checks === true ? undefined : flags.checks.split(',').map((s) => s.trim()).filter(Boolean),
            allowHosts: flags.allowHost,
            signal,
            logger: { debug: () => undefined, info: (m) => once(m), warn: (m) => once(`warning: ${m}`) },
            record: (run) => {
              runs.push(run);
            },
          },
    maxInventoryBytes: parseSize(flags.maxInventory ?? DEFAULT_MAX_INVENTORY),
  };
}

/** The terminal summary of a stored review: its leading findings (every exploited one, then the top ten) read back. */
async function summaryOfStored(review: StreamedReview, levels: ReturnType<typeof countLevels>, regressed: HtmlExtras['regressed'], waivers: ReportContext['waivers']): Promise<string> {
  const leading: Finding[] = [];
  let others = 0;
  for await (const f of review.findings.read('rank')) {
    if (f.coverage !== 'exploited' && f.role !== 'consequence') others += 1;
    leading.push(f);
    if (f.coverage !== 'exploited' && others >= SUMMARY_TOP) break;
  }
  return renderSummary({ ...review.document, findings: leading } as Review, SUMMARY_TOP, levels, regressed, waivers);
}

const SUMMARY_TOP = 10;

/** Reports streamed to files and stdout, then what the checks did; unrunnable checks decide the exit code. */
async function finish(streamed: StreamedReview, summary: () => string | Promise<string>, context: ReportContext, flags: Flags, runs: readonly CheckRun[]): Promise<void> {
  if (flags.write) {
    const files = await writeReports(streamed, flags.out, context).catch((error: unknown) => {
      throw reportWriteError(error, flags.out);
    });
    timing('review: reports written');
    writeErr(`reports: ${files.html}, ${files.markdown}, ${files.json}, ${files.jsonl}`);
  }
  const checks = flags.checks === undefined ? undefined : describeCheckRuns(runs);
  if (flags.format === 'text') {
    const changed = streamed.document.dataProvenance;
    const data = changed ? renderChanges(changed.files, `\nData files against the previous review's manifests (${tally(changed.files)}):`).join('\n') : '';
    writeOut(`${await summary()}${data ? `\n${data}` : ''}${checks ? `\n\n${checks}` : ''}`);
  } else {
    const out = streamSink(process.stdout);
    await REPORT_FORMATS[flags.format].write(out, streamed, context);
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
