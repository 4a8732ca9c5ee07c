import type { Command } from 'commander';
import { z } from 'zod';
import { usageError } from '../errors.ts';
import { ROLE_PATTERN } from '../review/signoff.ts';
import { getReviewMeta } from '../store/reviews.ts';
import { addSignoff } from '../store/signoffs.ts';
import { formatOption } from './options.ts';
import { writeOut } from './output.ts';
import { checkSameOrganisation, inventoryOption, organisationFor, orgOption } from './organisation-option.ts';
import { reviewIdOrLatest, storeOption, withStore } from './store-option.ts';

const Flags = z.object({
  role: z.string().regex(ROLE_PATTERN, '--role is a lower-case word such as security or data-science'),
  name: z.string().trim().min(1, '--name says who signs'),
  note: z.string().optional(),
  format: z.enum(['text', 'json']),
  store: z.string().optional(),
  org: z.string().optional(),
  inventory: z.string().optional(),
});

/** `rampart signoff [ID] --role security --name "Ana Ruiz"`: sign a stored review off; recorded with the time. */
export function registerSignoff(program: Command): void {
  program
    .command('signoff')
    .description('sign a stored review off in a named role (e.g. security, data-science); each role signs once')
    .argument('[id]', 'review id (default: the latest stored)')
    .requiredOption('--role <role>', 'the role signing: security, data-science, risk, …')
    .requiredOption('--name <name>', 'who signs')
    .option('--note <text>', 'a remark kept with the sign-off')
    .addOption(formatOption(['text', 'json']))
    .addOption(storeOption())
    .addOption(orgOption())
    .addOption(inventoryOption())
    .action(async (rawId: string | undefined, raw: unknown) => {
      const parsed = Flags.safeParse(raw);
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart signoff --help');
      const flags = parsed.data;
      await withStore(flags.store, async (store) => {
        const chosen = await organisationFor(store, { ...flags, cwd: process.cwd() }, rawId);
        const reviewId = await reviewIdOrLatest(store, rawId, chosen);
        checkSameOrganisation([await getReviewMeta(store, reviewId)], chosen);
        const signoff = await addSignoff(store, { reviewId, role: flags.role, name: flags.name.trim(), note: flags.note });
        writeOut(flags.format === 'json' ? JSON.stringify(signoff, null, 2) : `review ${reviewId} signed off as ${signoff.role} by ${signoff.name} at ${signoff.signedAt}`);
      }, 'update');
    });
}
