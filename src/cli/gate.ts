import type { Command } from 'commander';
import { z } from 'zod';
import { usageError } from '../errors.ts';
import { evaluateGate, type GateResult } from '../review/gate/evaluate.ts';
import { DEFAULT_POLICY, loadPolicy } from '../review/gate/policy.ts';
import { applyWaivers, today } from '../review/waivers.ts';
import { getReviewOutline, latestReviewIds } from '../store/reviews.ts';
import { listSignoffs } from '../store/signoffs.ts';
import { listWaivers } from '../store/waivers.ts';
import { EXIT } from './exit-codes.ts';
import { colour, writeOut } from './output.ts';
import { formatOption } from './options.ts';
import { checkSameOrganisation, inventoryOption, organisationFor, orgOption } from './organisation-option.ts';
import { reviewIdOrLatest, storeOption, withStore } from './store-option.ts';

const Flags = z.object({ policy: z.string().optional(), review: z.string().optional(), format: z.enum(['text', 'json']), store: z.string().optional(), org: z.string().optional(), inventory: z.string().optional() });

/** `rampart gate`: exit 0 when the stored review meets the policy, 1 when it does not, 2 on bad input. */
export function registerGate(program: Command): void {
  program
    .command('gate')
    .description('check a stored review against a policy for CI: exit 0 passes, 1 violates the policy, 2 usage or input error')
    .option('-p, --policy <file>', 'policy file, YAML or JSON (default: no unwaived critical finding, nothing exploited, no regression)')
    .option('-r, --review <id>', 'review to gate (default: the latest stored)')
    .addOption(formatOption(['text', 'json']))
    .addOption(storeOption())
    .addOption(orgOption())
    .addOption(inventoryOption())
    .action(async (raw: unknown) => {
      const parsed = Flags.safeParse(raw);
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart gate --help');
      const flags = parsed.data;
      // The policy is read before the store is opened: a malformed policy fails fast, whatever the store holds.
      const policy = flags.policy ? await loadPolicy(flags.policy) : DEFAULT_POLICY;
      const { id, result } = await withStore(flags.store, async (store) => {
        const chosen = await organisationFor(store, { ...flags, cwd: process.cwd() }, flags.review);
        const id = await reviewIdOrLatest(store, flags.review, chosen);
        const { meta, outline } = await getReviewOutline(store, id);
        checkSameOrganisation([meta], chosen);
        // The previous review and the waivers are this organisation's: another organisation's never count.
        const [, previousId] = await latestReviewIds(store, 2, { organisation: meta.organisation, upTo: id });
        const previous = previousId === undefined ? undefined : (await getReviewOutline(store, previousId)).outline;
        const waivers = applyWaivers(outline.findings.map((f) => f.id), await listWaivers(store, { organisation: meta.organisation }), today());
        return { id, result: evaluateGate(policy, { review: outline, previous, waivers, signoffs: await listSignoffs(store, id) }) };
      });
      writeOut(flags.format === 'json' ? JSON.stringify({ review: id, policy: flags.policy ?? 'default', ...result }, null, 2) : renderGate(id, flags.policy, result));
      process.exitCode = result.passed ? EXIT.ok : EXIT.findings;
    });
}

function renderGate(id: number, policyFile: string | undefined, result: GateResult): string {
  const lines = [`Gate on review ${id} with ${policyFile ?? 'the default policy'}: ${result.passed ? colour.green('PASS') : colour.red('FAIL')}`];
  for (const r of result.rules) {
    lines.push(`  ${r.passed ? colour.green('✓') : colour.red('✗')} ${r.rule}: ${r.summary}`);
    for (const o of r.offenders.slice(0, 10)) lines.push(`      ${o}`);
    if (r.offenders.length > 10) lines.push(`      … and ${r.offenders.length - 10} more (--format json lists all)`);
  }
  if (result.expiredWaivers.length) lines.push(`  ! expired waivers no longer count: ${result.expiredWaivers.join('; ')}`);
  return lines.join('\n');
}
