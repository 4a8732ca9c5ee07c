import type { Command } from 'commander';
import { z } from 'zod';
import { usageError } from '../errors.ts';
import { renderSummary } from '../report/summary.ts';
import { diffReviews } from '../review/diff.ts';
import { renderDiffText } from '../review/diff-text.ts';
import { applyWaivers, today } from '../review/waivers.ts';
import { getReview, getReviewMeta, getReviewOutline, latestReviewIds } from '../store/reviews.ts';
import { listSignoffs } from '../store/signoffs.ts';
import { reviewManifests } from '../store/data-manifests.ts';
import { diffManifests } from '../data/provenance/diff-manifests.ts';
import { renderChanges, tally } from '../data/provenance/render-text.ts';
import { listWaivers } from '../store/waivers.ts';
import { formatOption } from './options.ts';
import { writeOut } from './output.ts';
import { checkSameOrganisation, chooseOrganisation, inventoryOption, orgOption } from './organisation-option.ts';
import { parseReviewId, storeOption, withStore } from './store-option.ts';

const Flags = z.object({ format: z.enum(['text', 'json']), store: z.string().optional(), org: z.string().optional(), inventory: z.string().optional() });

function flagsOf(command: Command): z.infer<typeof Flags> {
  // Not optsWithGlobals: the parent's defaults (its --format) would override this command's flags. Only --store is
  // shared, so `rampart review --store DIR show 3` works too.
  const own = command.opts();
  const parentStore: unknown = command.parent?.opts().store;
  const parsed = Flags.safeParse({ ...own, store: own.store ?? (typeof parentStore === 'string' ? parentStore : undefined) });
  if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', `see rampart review ${command.name()} --help`);
  return parsed.data;
}

/** `rampart review show ID`: one stored review with its sign-offs and the waivers on its findings. */
export function registerReviewShow(review: Command): void {
  review
    .command('show')
    .description('show a stored review: summary, sign-offs and waivers (--format json: the stored record)')
    .argument('<id>', 'review id (see rampart reviews)')
    .addOption(formatOption(['text', 'json']))
    .addOption(storeOption())
    .action(async (rawId: string, _opts: unknown, command: Command) => {
      const flags = flagsOf(command);
      const id = parseReviewId(rawId);
      await withStore(flags.store, async (store) => {
        const { meta, review: stored } = await getReview(store, id);
        const signoffs = await listSignoffs(store, id);
        const day = today();
        const waivers = applyWaivers(stored.findings.map((f) => f.id), await listWaivers(store, { organisation: meta.organisation }), day);
        if (flags.format === 'json') {
          writeOut(JSON.stringify({ ...meta, signoffs, waivers: { asOf: day, active: [...waivers.active.values()], expired: waivers.expired }, review: stored }, null, 2));
          return;
        }
        const lines = [`Review ${meta.id} of ${meta.organisation} · stored ${meta.storedAt.slice(0, 16).replace('T', ' ')} UTC by ${meta.runBy} · Rampart ${meta.rampartVersion}`, renderSummary(stored), ''];
        lines.push(signoffs.length ? `Signed off: ${signoffs.map((s) => `${s.role} by ${s.name} on ${s.signedAt.slice(0, 10)}`).join('; ')}` : 'Not signed off.');
        lines.push(`Waivers: ${waivers.active.size} active${waivers.expired.length ? `, ${waivers.expired.length} expired and no longer counting (${waivers.expired.map((w) => `${w.findingId} expired ${w.expires}`).join('; ')})` : ''}`);
        writeOut(lines.join('\n'));
      });
    });
}

/** `rampart review diff [A] [B]`: what changed from A to B; by default the last two stored reviews. */
export function registerReviewDiff(review: Command): void {
  review
    .command('diff')
    .description('compare two stored reviews: new, resolved and regressed findings, coverage per tactic and element, risk, techniques new in ATLAS (default: the last two)')
    .argument('[a]', 'older review id (default: the one before B)')
    .argument('[b]', 'newer review id (default: the latest)')
    .addOption(formatOption(['text', 'json']))
    .addOption(storeOption())
    .addOption(orgOption())
    .addOption(inventoryOption())
    .action(async (rawA: string | undefined, rawB: string | undefined, _opts: unknown, command: Command) => {
      const flags = flagsOf(command);
      await withStore(flags.store, async (store) => {
        const explicit = flags.org !== undefined || flags.inventory !== undefined;
        // With ids the reviews name their organisation; without, the last two of the chosen one.
        let organisation = rawA === undefined || explicit ? await chooseOrganisation(store, { ...flags, cwd: rawA === undefined ? process.cwd() : undefined }) : undefined;
        if (rawA !== undefined && rawB === undefined && organisation === undefined) organisation = (await getReviewMeta(store, parseReviewId(rawA))).organisation;
        const [olderId, newerId] = await pickPair(rawA, rawB, (count, upTo) => latestReviewIds(store, count, { organisation, upTo }));
        const [older, newer] = [await getReviewOutline(store, olderId), await getReviewOutline(store, newerId)];
        checkSameOrganisation([older.meta, newer.meta], explicit ? organisation : undefined);
        const diff = diffReviews(older.outline, newer.outline);
        const data = diffManifests(await reviewManifests(store, olderId), await reviewManifests(store, newerId));
        if (flags.format === 'json') {
          writeOut(JSON.stringify({ older: older.meta, newer: newer.meta, ...diff, ...(data.length > 0 ? { dataFiles: data } : {}) }, null, 2));
          return;
        }
        const tactics = new Map(newer.outline.matrix.tactics.map((t) => [t.id, t.name]));
        const dataLines = renderChanges(data, `\nData files (${tally(data)}):`);
        writeOut(renderDiffText(diff, older.meta, newer.meta, (id) => tactics.get(id) ?? id) + (dataLines.length > 0 ? `\n${dataLines.join('\n')}` : ''));
      });
    });
}

/** Both ids given; only A (diff A against the latest); or none (the last two). */
export async function pickPair(rawA: string | undefined, rawB: string | undefined, latest: (count: number, upTo?: number) => Promise<number[]>): Promise<[number, number]> {
  if (rawA !== undefined && rawB !== undefined) return [parseReviewId(rawA), parseReviewId(rawB)];
  if (rawA !== undefined) {
    const [newest] = await latest(1);
    if (newest === undefined) throw usageError('no review is stored yet', 'run `rampart review <inventory>` first');
    return [parseReviewId(rawA), newest];
  }
  const [newest, before] = await latest(2);
  if (newest === undefined || before === undefined) throw usageError('a diff needs two stored reviews', 'run `rampart review <inventory>` again to store a second one, or name two ids');
  return [before, newest];
}
