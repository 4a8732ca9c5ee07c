import { randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import type { Account } from '../../accounts/accounts.ts';
import { accountsDb } from '../../accounts/tables.ts';
import type { Store } from '../../store/connection.ts';

const derive = promisify(scrypt) as (password: string, salt: Buffer, length: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;

/**
 * Gives a test account a password hashed at scrypt N=2^10 instead of the real 2^15: a stored hash carries its own
 * cost (`scrypt$N$r$p$salt$key`), so sign-in checks it at that cost — about 5 ms of CPU instead of 176 ms. For tests
 * about sessions, roles and throttling, not about hashing: hashing at the real cost is shown by
 * src/accounts/password.test.ts, by accounts made through the API, and by sign-ins to unknown accounts, which are
 * checked against a full-cost hash whatever the test stored.
 */
export async function setQuickPassword(store: Store, account: Account, password: string): Promise<Account> {
  const cost = { N: 1 << 10, r: 8, p: 1 };
  const salt = randomBytes(16);
  const key = await derive(password.normalize('NFC'), salt, 32, cost);
  const passwordHash = ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
  await accountsDb(store).updateTable('account').set({ password_hash: passwordHash }).where('id', '=', account.id).execute();
  return { ...account, passwordHash };
}
