import type { Command } from 'commander';
import { z } from 'zod';
import { createToken, listTokens, MAX_TOKEN_DAYS, revokeToken } from '../accounts/tokens.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { usageError } from '../errors.ts';
import { formatOption } from './options.ts';
import { writeErr, writeOut } from './output.ts';
import { storeOption, withStore } from './store-option.ts';
import { accountNamed, cliActor } from './user.ts';

const CreateFlags = z.object({ name: z.string().trim().min(1), scope: z.enum(['read', 'write']), days: z.coerce.number().int().min(1).max(MAX_TOKEN_DAYS, `--days is at most ${MAX_TOKEN_DAYS}`), label: z.string().min(1), store: z.string().optional() });

/** `rampart token create|revoke|list`: API tokens for CI, acting as an account, scoped read or write, expiring. */
export function registerToken(program: Command): void {
  const token = program.command('token').description('API tokens for CI (hashed, scoped read or write, expiring, revocable): create, revoke, list');
  token
    .command('create')
    .description('create a token for an account; printed once')
    .requiredOption('--name <account>', 'the account the token acts as')
    .option('--scope <scope>', 'read (GET only) or write', 'read')
    .option('--days <n>', `days until it expires (at most ${MAX_TOKEN_DAYS})`, '90')
    .option('--label <text>', 'what it is for', 'ci')
    .addOption(storeOption())
    .action(async (raw: unknown) => {
      const parsed = CreateFlags.safeParse(raw);
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart token create --help');
      const flags = parsed.data;
      await withStore(
        flags.store,
        async (store) => {
          const account = await accountNamed(store, flags.name);
          const created = await createToken(store, { accountId: account.id, label: flags.label, scope: flags.scope, days: flags.days }, () => new Date());
          await appendAudit(store, { actor: cliActor(), action: 'token.create', target: `token/${created.record.id}`, after: created.record });
          writeErr(`token ${created.record.id} for ${account.name} (${flags.scope}) expires ${created.record.expiresAt.slice(0, 10)}; it is shown once:`);
          writeOut(created.token);
        },
        'update',
      );
    });
  token
    .command('revoke')
    .description('revoke a token by its id (the part after rmp_, before the next _)')
    .argument('<id>', 'token id')
    .addOption(storeOption())
    .action(async (id: string, raw: { store?: string }) => {
      await withStore(
        raw.store,
        async (store) => {
          const revoked = await revokeToken(store, id, () => new Date());
          await appendAudit(store, { actor: cliActor(), action: 'token.revoke', target: `token/${id}`, after: revoked });
          writeErr(`token ${id} revoked`);
        },
        'update',
      );
    });
  token
    .command('list')
    .description('list tokens (never their secrets)')
    .addOption(formatOption(['text', 'json']))
    .addOption(storeOption())
    .action(async (raw: { store?: string; format: string }) => {
      await withStore(raw.store, async (store) => {
        const tokens = await listTokens(store);
        writeOut(raw.format === 'json' ? JSON.stringify(tokens, null, 2) : tokens.map((t) => `${t.id}  ${t.scope.padEnd(5)}  expires ${t.expiresAt.slice(0, 10)}${t.revokedAt ? `  revoked ${t.revokedAt.slice(0, 10)}` : ''}  ${t.label}`).join('\n') || 'no tokens');
      });
    });
}
