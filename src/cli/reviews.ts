import type { Command } from 'commander';
import { z } from 'zod';
import { usageError } from '../errors.ts';
import { LEVELS, percent } from '../report/labels.ts';
import { listReviews } from '../store/reviews.ts';
import { formatOption } from './options.ts';
import { writeOut } from './output.ts';
import { chooseOrganisation, inventoryOption, orgOption } from './organisation-option.ts';
import { storeOption, withStore } from './store-option.ts';

const Flags = z.object({
  format: z.enum(['text', 'json']),
  store: z.string().optional(),
  org: z.string().optional(),
  inventory: z.string().optional(),
  limit: z.coerce.number().int().positive('--limit takes a positive number'),
});

/** `rampart reviews`: the stored reviews, newest first. */
export function registerReviews(program: Command): void {
  program
    .command('reviews')
    .description("list an organisation's stored reviews, newest first")
    .addOption(formatOption(['text', 'json']))
    .addOption(storeOption())
    .addOption(orgOption())
    .addOption(inventoryOption())
    .option('-n, --limit <count>', 'show at most this many', '50')
    .action(async (raw: unknown) => {
      const parsed = Flags.safeParse(raw);
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart reviews --help');
      const flags = parsed.data;
      await withStore(flags.store, async (store) => {
        const organisation = await chooseOrganisation(store, { ...flags, cwd: process.cwd() });
        const reviews = await listReviews(store, { organisation, limit: flags.limit });
        if (flags.format === 'json') return writeOut(JSON.stringify(reviews, null, 2));
        if (reviews.length === 0) return writeOut(`No reviews stored in ${store.where} yet; run \`rampart review <inventory>\`.`);
        const head = ['id', 'review date', 'stored (UTC)', 'run by', 'ATLAS', 'assets', 'covered', ...LEVELS, 'risk total'];
        const rows = reviews.map((r) => [
          String(r.id),
          r.reviewDate,
          r.storedAt.slice(0, 16).replace('T', ' '),
          r.runBy,
          r.atlasVersion,
          String(r.assetCount),
          percent(r.summary.covered),
          ...LEVELS.map((l) => String(r.summary.levels[l])),
          String(r.summary.riskTotal),
        ]);
        writeOut(`Reviews of ${organisation ?? 'no organisation'}\n${columns([head, ...rows])}`);
      });
    });
}

function columns(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
