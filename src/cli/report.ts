import type { Command } from 'commander';
import { z } from 'zod';
import { usageError } from '../errors.ts';
import { REPORT_FORMAT_NAMES, REPORT_FORMATS } from '../report/formats.ts';
import { reportContext } from '../report/history-context.ts';
import { loadHistoryContext } from '../store/report-context.ts';
import { openStoredReview } from '../store/finding-pages.ts';
import { getReviewOutline } from '../store/reviews.ts';
import { streamSink, writeFileStreamed } from '../report/stream/sink.ts';
import { formatOption } from './options.ts';
import { writeErr } from './output.ts';
import { checkSameOrganisation, inventoryOption, organisationFor, orgOption } from './organisation-option.ts';
import { reviewIdOrLatest, storeOption, withStore } from './store-option.ts';
import type { Store } from '../store/connection.ts';
import type { HistorySubject } from '../store/report-context.ts';

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
        // The findings stream from the store page by page; the diff needs only their outlines, and only when there is a previous review.
        const { meta, review } = await openStoredReview(store, id);
        checkSameOrganisation([meta], chosen);
        const context = reportContext(await loadHistoryContext(store, id, storedSubject(store, id, meta.organisation)), review.document.matrix);
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

/** A stored review as the subject of its history: its outlines are read from the store only if a diff needs them. */
export function storedSubject(store: Store, id: number, organisation: string): HistorySubject {
  return { organisation, diffSide: async () => (await getReviewOutline(store, id)).outline };
}
