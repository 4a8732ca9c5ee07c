import type { Store } from '../../store/connection.ts';
import { ACCOUNT_NAME, addAccount, findAccount, findAccountBySubject, type Account } from '../accounts.ts';
import { roleFor, type OidcConfig } from './config.ts';
import { OidcRefusal } from './relying-party.ts';

/**
 * The account a verified OpenID Connect user signs in as. An account linked to the user's `sub` is theirs (its role
 * as an admin set it: the claim mapping applies when the account is made, so a role changed in Rampart is not undone
 * at the next sign-in). An unknown user gets a new account linked to the `sub` when a claim maps them to a role or a
 * default role is configured; otherwise they are refused. A new account never takes over an existing one of the same
 * name (a provider user called "admin" is not the local admin): the name gets a suffix.
 */
export async function accountForSignIn(store: Store, config: Pick<OidcConfig, 'roleClaim' | 'roleMap' | 'defaultRole' | 'issuer'>, subject: string, claims: Record<string, unknown>): Promise<{ account: Account; created: boolean }> {
  const linked = await findAccountBySubject(store, subjectKey(config.issuer, subject));
  if (linked) {
    if (linked.disabled) throw new OidcRefusal(`the account ${linked.name} is disabled`);
    return { account: linked, created: false };
  }
  const role = roleFor(config, claims);
  if (!role) throw new OidcRefusal(`no role for this user: their "${config.roleClaim}" claim maps to none and unknown users are refused (ask an admin to map it, or set a default role)`);
  const name = await freeName(store, nameFrom(claims, subject));
  return { account: await addAccount(store, { name, role, oidcSubject: subjectKey(config.issuer, subject) }), created: true };
}

/** A `sub` is unique per issuer only: the link is to both. */
export function subjectKey(issuer: URL, subject: string): string {
  return `${issuer.href.replace(/\/$/, '')}#${subject}`;
}

/** preferred_username, else email, else the subject, made into a usable account name. */
function nameFrom(claims: Record<string, unknown>, subject: string): string {
  const candidate = [claims.preferred_username, claims.email, subject].find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? subject;
  const cleaned = candidate.trim().replace(/[^A-Za-z0-9._@-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 90);
  return ACCOUNT_NAME.test(cleaned) ? cleaned : 'oidc-user';
}

async function freeName(store: Store, base: string): Promise<string> {
  for (let n = 1; n < 1_000; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!(await findAccount(store, name))) return name;
  }
  throw new OidcRefusal(`no free account name like ${base}`);
}
