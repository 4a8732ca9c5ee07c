import type { Command } from 'commander';
import { z } from 'zod';
import { usageError } from '../errors.ts';
import { REPORT_FORMAT_NAMES, REPORT_FORMATS, type ReportContext } from '../report/formats.ts';
import type { BaselineState } from '../report/format-context.ts';
import { historySections, type HistoryContext } from '../report/html/history-sections.ts';
import { loadHistoryContext } from '../store/report-context.ts';
import type { Review } from '../review/review.ts';
import { openStoredReview } from '../store/finding-pages.ts';
import { getReviewOutline } from '../store/reviews.ts';
import { streamSink, writeFileStreamed } from '../report/stream/sink.ts';
import { formatOption } from './options.ts';
import { writeErr } from './output.ts';
import { checkSameOrganisation, inventoryOption, organisationFor, orgOption } from './organisation-option.ts';
import { reviewIdOrLatest, storeOption, withStore } from './store-option.ts';

const Flags = z.object({ format: z.enum(REPORT_FORMAT_NAMES), out: z.string().optional(), store: z.string().optional(), org: z.string().optional(), inventory: z.string().optional() });

/** `rampart report [ID] --format <name>`: render a stored review again, with its history, waivers and sign-offs. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description(`render a stored review (default: the latest) as ${REPORT_FORMAT_NAMES.join(', ')}`)
    .argument('[id]', 'review id (default: the latest stored)')
    .addOption(formatOption(REPORT_FORMAT_NAMES, 'html'))
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .addOption(storeOption())
    .addOption(orgOption())
    .addOption(inventoryOption())
    .action(async (rawId: string | undefined, raw: unknown) => {
      const parsed = Flags.safeParse(raw);
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart report --help');
      const flags = parsed.data;
      const format = REPORT_FORMATS[flags.format];
      await withStore(flags.store, async (store) => {
        const chosen = await organisationFor(store, { ...flags, cwd: process.cwd() }, rawId);
        const id = await reviewIdOrLatest(store, rawId, chosen);
        // The findings stream from the store page by page; the diff and waivers need only their outlines.
        const { meta, review } = await openStoredReview(store, id);
        checkSameOrganisation([meta], chosen);
        const { outline } = await getReviewOutline(store, id);
        const outlined = { ...review.document, findings: outline.findings } as unknown as Review;
        const context = reportContext(await loadHistoryContext(store, id, outlined), outlined);
        if (flags.out) {
          await writeFileStreamed(flags.out, (out) => format.write(out, review, context));
          writeErr(`report: ${flags.out}`);
          return;
        }
        const out = streamSink(process.stdout);
        await format.write(out, review, context);
        await out.flush();
      });
    });
}

/** The same waivers and diff feed every format: HTML as sections, the interchange formats as waivers and baseline. */
export function reportContext(history: HistoryContext, review: Review): ReportContext {
  const waivers = history.waivers;
  const context: ReportContext = {
    waivers: waivers ? [...[...waivers.applied.active.values()].map((w) => ({ ...w, expired: false })), ...waivers.applied.expired.map((w) => ({ ...w, expired: true }))] : [],
    html: historySections(history, review.matrix),
  };
  const diff = history.previous?.diff;
  if (diff) {
    const baseline = new Map<string, BaselineState>(review.findings.map((f) => [f.id, 'unchanged']));
    for (const f of diff.new) baseline.set(f.id, 'new');
    for (const c of [...diff.regressed, ...diff.improved]) baseline.set(c.id, 'updated');
    for (const f of diff.resolved) baseline.set(f.id, f.how === 'gone' ? 'absent' : 'updated');
    context.baseline = baseline;
  }
  return context;
}
