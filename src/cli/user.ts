import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import { addAccount, findAccount, grantAssets, type Account } from '../accounts/accounts.ts';
import { generatePassword, MIN_PASSWORD_LENGTH } from '../accounts/password.ts';
import { ROLES } from '../accounts/roles.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { inputError, usageError } from '../errors.ts';
import { whoRuns } from '../review/history.ts';
import type { Store } from '../store/connection.ts';
import { writeErr, writeOut } from './output.ts';
import { storeOption, withStore } from './store-option.ts';

const AddFlags = z.object({ name: z.string().trim().min(1), role: z.enum(ROLES, { message: `--role is one of ${ROLES.join(', ')}` }), passwordStdin: z.boolean().optional(), store: z.string().optional() });
const GrantFlags = z.object({ name: z.string().trim().min(1), org: z.string().min(1), asset: z.array(z.string().min(1)).min(1), store: z.string().optional() });

/** Who runs the CLI, as the audit log records it. */
export function cliActor(): string {
  return `cli:${whoRuns(undefined, process.env, () => userInfo().username)}`;
}

/**
 * `rampart user add --name N --role R`: an account for the team server. The password comes from standard input
 * (`--password-stdin`) or is generated and printed once; there is never a default one. The first admin is made so.
 */
export function registerUser(program: Command): void {
  const user = program.command('user').description('accounts of the team server: add one (the first admin too), grant an asset owner assets');
  user
    .command('add')
    .description('add an account; its password is read from stdin (--password-stdin) or generated and printed once')
    .requiredOption('--name <name>', 'account name (what its owner signs in with; asset owners: the inventory owner they are)')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--password-stdin', 'read the password from standard input')
    .addOption(storeOption())
    .action(async (raw: unknown) => {
      const parsed = AddFlags.safeParse(raw);
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart user add --help');
      const flags = parsed.data;
      const password = flags.passwordStdin ? await readPassword() : generatePassword();
      await withStore(
        flags.store,
        async (store) => {
          const account = await addAccount(store, { name: flags.name, role: flags.role, password });
          await appendAudit(store, { actor: cliActor(), action: 'account.create', target: `account/${account.name}`, after: { id: account.id, name: account.name, role: account.role } });
          writeErr(`account ${account.name} (${account.role}) added in ${store.where}`);
          if (!flags.passwordStdin) writeOut(`password (shown once): ${password}`);
        },
        'write',
      );
    });
  user
    .command('grant')
    .description("make an asset-owner account owner of assets beside the inventory's owner field")
    .requiredOption('--name <name>', 'account name')
    .requiredOption('--org <organisation>', 'the organisation the assets belong to')
    .requiredOption('--asset <id...>', 'asset ids')
    .addOption(storeOption())
    .action(async (raw: unknown) => {
      const parsed = GrantFlags.safeParse(raw);
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart user grant --help');
      const flags = parsed.data;
      await withStore(
        flags.store,
        async (store) => {
          const account = await accountNamed(store, flags.name);
          await grantAssets(store, account.id, flags.org, flags.asset);
          await appendAudit(store, { actor: cliActor(), action: 'account.grant', target: `account/${account.name}`, after: { organisation: flags.org, assets: flags.asset } });
          writeErr(`${account.name} owns ${flags.asset.length} more asset(s) of ${flags.org}`);
        },
        'update',
      );
    });
}

/** The account of that name, or one message saying there is none. */
export async function accountNamed(store: Store, name: string): Promise<Account> {
  const account = await findAccount(store, name);
  if (!account) throw inputError(`no account named "${name}"`, {}, 'add it with rampart user add');
  return account;
}

async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password.length < MIN_PASSWORD_LENGTH) throw usageError(`the password on standard input is shorter than ${MIN_PASSWORD_LENGTH} characters`, 'use a longer passphrase, or leave out --password-stdin to have one generated');
  return password;
}
