import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import { usageError } from '../errors.ts';
import { whoRuns } from '../review/history.ts';
import { applyWaivers, findingIdProblem, today, type Waiver } from '../review/waivers.ts';
import type { Store } from '../store/connection.ts';
import { countUnassignedWaivers } from '../store/organisations.ts';
import { isCalendarDay } from '../util/calendar-day.ts';
import { closest } from '../util/suggest.ts';
import { getReviewOutline, latestReviewIds } from '../store/reviews.ts';
import { addWaiver, listWaivers } from '../store/waivers.ts';
import { formatOption } from './options.ts';
import { writeErr, writeOut } from './output.ts';
import { chooseOrganisation, inventoryOption, orgOption } from './organisation-option.ts';
import { storeOption, withStore } from './store-option.ts';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '--expires takes YYYY-MM-DD')
  .refine(isCalendarDay, '--expires is not a day of the calendar');

const Flags = z.object({
  justification: z.string().trim().min(1, '--justification says why the risk is accepted').optional(),
  approver: z.string().trim().min(1, '--approver names who accepted the risk').optional(),
  expires: Day.optional(),
  by: z.string().optional(),
  list: z.boolean().optional(),
  format: z.enum(['text', 'json']),
  store: z.string().optional(),
  org: z.string().optional(),
  inventory: z.string().optional(),
  renew: z.boolean().optional(),
});

/** `rampart waive FINDING`: accept a finding's risk until a date; `rampart waive --list` shows every waiver. */
export function registerWaive(program: Command): void {
  program
    .command('waive')
    .description('accept the risk of a finding (assetId/techniqueId) with justification, approver and expiry; --list shows waivers')
    .argument('[finding]', 'finding id, e.g. fraud-detector/AML.T0043')
    .option('-j, --justification <text>', 'why the risk is accepted')
    .option('-a, --approver <name>', 'who accepted it')
    .option('-e, --expires <yyyy-mm-dd>', 'last day the waiver counts')
    .option('--by <name>', 'who records the waiver (default RAMPART_USER, the CI actor, or your login)')
    .option('--renew', 'extend the waiver of a finding that is already waived')
    .option('-l, --list', 'list waivers with their state today instead')
    .addOption(formatOption(['text', 'json']))
    .addOption(storeOption())
    .addOption(orgOption())
    .addOption(inventoryOption())
    .action(async (finding: string | undefined, raw: unknown) => {
      const parsed = Flags.safeParse(raw);
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart waive --help');
      const flags = parsed.data;
      if (flags.list) {
        return withStore(flags.store, async (store) => {
          const organisation = await chooseOrganisation(store, { ...flags, cwd: process.cwd() });
          await warnUnassigned(store);
          list(await listWaivers(store, { organisation }), flags.format);
        });
      }
      if (!finding) throw usageError('name the finding to waive', 'rampart waive <assetId/techniqueId> --justification … --approver … --expires YYYY-MM-DD');
      const problem = findingIdProblem(finding);
      if (problem) throw usageError(`"${finding}": ${problem}`, 'copy the id from the report or `rampart review show --format json`');
      const { justification, approver, expires } = flags;
      if (!justification || !approver || !expires) throw usageError('a waiver needs --justification, --approver and --expires', 'waivers never last for ever: give the last day it counts');
      if (expires < today()) throw usageError(`--expires ${expires} is in the past`, 'give a day from today on');
      await withStore(
        flags.store,
        async (store) => {
          const organisation = await chooseOrganisation(store, { ...flags, cwd: process.cwd() });
          if (organisation === undefined) throw usageError(`no review is stored in ${store.where} yet`, 'a waiver accepts the risk of a finding of a stored review: run `rampart review <inventory>` first');
          await checkWaivable(store, organisation, finding, expires, flags.renew === true);
          const waiver = await addWaiver(store, { organisation, findingId: finding, justification, approver, expires, createdBy: whoRuns(flags.by, process.env, () => userInfo().username) });
          writeOut(flags.format === 'json' ? JSON.stringify(waiver, null, 2) : `waiver ${waiver.id}: ${finding} of ${organisation} accepted by ${approver} until ${expires}`);
        },
        'update',
      );
    });
}

/** Only a finding of the organisation's latest review, and not one already waived (unless renewing to a later day). */
async function checkWaivable(store: Store, organisation: string, finding: string, expires: string, renew: boolean): Promise<void> {
  const [latest] = await latestReviewIds(store, 1, { organisation });
  if (latest === undefined) throw usageError(`no review of "${organisation}" is stored`, 'run `rampart review <inventory>` first');
  const ids = (await getReviewOutline(store, latest)).outline.findings.map((f) => f.id);
  if (!ids.includes(finding)) {
    const guess = closest(finding, ids);
    throw usageError(
      `${finding} is not a finding of review ${latest}, the latest of "${organisation}"`,
      guess ? `did you mean ${guess}?` : 'copy the id from the report or `rampart review show --format json` (a finding id is assetId/techniqueId)',
    );
  }
  const active = applyWaivers([finding], await listWaivers(store, { organisation, findingId: finding }), today()).active.get(finding);
  if (!active) return;
  if (!renew) throw usageError(`${finding} is already waived until ${active.expires} (waiver ${active.id}, approved by ${active.approver})`, 'to extend it, run again with --renew and a later --expires');
  if (expires <= active.expires) throw usageError(`--renew: ${finding} is already waived until ${active.expires}, on or after ${expires}`, 'give a later --expires to extend it');
}

/** Waivers from before organisations that could not be given one count for no organisation: say so. */
async function warnUnassigned(store: Store): Promise<void> {
  const unassigned = await countUnassignedWaivers(store);
  if (unassigned > 0) writeErr(`warning: ${unassigned} waiver${unassigned === 1 ? '' : 's'} recorded before organisations belong to none and count for no review; record them again with rampart waive --org NAME`);
}

function list(waivers: Waiver[], format: 'text' | 'json'): void {
  const day = today();
  const rows = waivers.map((w) => ({ ...w, state: w.expires >= day ? ('active' as const) : ('expired' as const) }));
  if (format === 'json') return writeOut(JSON.stringify(rows, null, 2));
  if (rows.length === 0) return writeOut('No waivers.');
  writeOut(rows.map((w) => `${String(w.id).padStart(3)}  ${w.state.padEnd(7)}  until ${w.expires}  ${w.findingId}  approved by ${w.approver}: ${w.justification}`).join('\n'));
}
