import { createRoute, z } from '@hono/zod-openapi';
import { ACCOUNT_NAME, addAccount, getAccount, grantAssets, listAccounts, updateAccount, type Account } from '../../accounts/accounts.ts';
import { generatePassword, MIN_PASSWORD_LENGTH } from '../../accounts/password.ts';
import { RoleValue } from '../../accounts/roles.ts';
import { createToken, listTokens, MAX_TOKEN_DAYS, revokeToken, tokenOwner } from '../../accounts/tokens.ts';
import { allow } from '../access.ts';
import type { ServerDeps } from '../deps.ts';
import { notFound } from '../http-error.ts';
import { ERRORS, jsonBody, jsonContent, newRouter } from '../router.ts';

const AccountSchema = z.object({ id: z.string(), name: z.string(), role: RoleValue, createdAt: z.string(), disabled: z.boolean() }).openapi('Account');
const NewAccount = z.object({ name: z.string().regex(ACCOUNT_NAME, 'letters, digits, ".", "_", "@" and "-"'), role: RoleValue, password: z.string().min(MIN_PASSWORD_LENGTH).max(1_000).optional() }).openapi('NewAccount');
const AccountChange = z
  .object({ role: RoleValue.optional(), disabled: z.boolean().optional().openapi({ description: 'true: the account can no longer sign in, and its sessions and tokens stop working' }) })
  .refine((c) => c.role !== undefined || c.disabled !== undefined, 'give a role, disabled, or both')
  .openapi('AccountChange');
const Grant = z.object({ organisation: z.string().min(1), assets: z.array(z.string().min(1)).min(1).max(10_000) }).openapi('AssetGrant');
const TokenSchema = z.object({ id: z.string(), accountId: z.string(), label: z.string(), scope: z.enum(['read', 'write']), createdAt: z.string(), expiresAt: z.string(), revokedAt: z.string().optional() }).openapi('ApiToken');
const NewToken = z.object({ label: z.string().min(1).max(100), scope: z.enum(['read', 'write']).default('read'), days: z.number().int().min(1).max(MAX_TOKEN_DAYS).default(90) }).openapi('NewToken');
const IdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });

const publicAccount = ({ id, name, role, createdAt, disabled }: Account) => ({ id, name, role, createdAt, disabled });

export function accountRoutes(deps: ServerDeps) {
  const app = newRouter();

  app.openapi(createRoute({ method: 'get', path: '/accounts', summary: 'List accounts', tags: ['accounts'], middleware: [allow('admin')], responses: { 200: jsonContent(z.array(AccountSchema), 'accounts'), ...ERRORS } }), async (c) =>
    c.json((await listAccounts(deps.store)).map(publicAccount), 200),
  );

  app.openapi(
    createRoute({ method: 'post', path: '/accounts', summary: 'Create an account (without a password: one is generated and returned once)', tags: ['accounts'], middleware: [allow('admin')], request: jsonBody(NewAccount), responses: { 201: jsonContent(AccountSchema.extend({ password: z.string().optional() }), 'created'), ...ERRORS } }),
    async (c) => {
      const body = c.req.valid('json');
      const password = body.password ?? generatePassword();
      const account = await addAccount(deps.store, { name: body.name, role: body.role, password });
      await deps.audit({ actor: c.get('actor').name, action: 'account.create', target: `account/${account.name}`, after: publicAccount(account) });
      return c.json({ ...publicAccount(account), ...(body.password ? {} : { password }) }, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'patch', path: '/accounts/{id}', summary: 'Change an account\'s role, or disable (enable) it; never the last enabled admin', tags: ['accounts'], middleware: [allow('admin')], request: { params: IdParam, ...jsonBody(AccountChange) }, responses: { 200: jsonContent(AccountSchema, 'changed'), ...ERRORS } }),
    async (c) => {
      const { id } = c.req.valid('param');
      const changed = await updateAccount(deps.store, id, c.req.valid('json'), deps.clock);
      if (!changed) throw notFound(`account ${id}`);
      const action = changed.before.disabled === changed.after.disabled ? 'account.update' : changed.after.disabled ? 'account.disable' : 'account.enable';
      await deps.audit({ actor: c.get('actor').name, action, target: `account/${changed.after.name}`, before: publicAccount(changed.before), after: publicAccount(changed.after) });
      return c.json(publicAccount(changed.after), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/accounts/{id}/assets', summary: "Make an account owner of assets (besides the inventory's owner field)", tags: ['accounts'], middleware: [allow('admin')], request: { params: IdParam, ...jsonBody(Grant) }, responses: { 204: { description: 'granted' }, ...ERRORS } }),
    async (c) => {
      const { id } = c.req.valid('param');
      const grant = c.req.valid('json');
      const account = await getAccount(deps.store, id);
      if (!account) throw notFound(`account ${id}`);
      await grantAssets(deps.store, id, grant.organisation, grant.assets);
      await deps.audit({ actor: c.get('actor').name, action: 'account.grant', target: `account/${account.name}`, after: grant });
      return c.body(null, 204);
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/tokens', summary: 'Your API tokens (admins: all)', tags: ['tokens'], middleware: [allow('anyone')], responses: { 200: jsonContent(z.array(TokenSchema), 'tokens'), ...ERRORS } }), async (c) => {
    const actor = c.get('actor');
    return c.json(await listTokens(deps.store, actor.role === 'admin' ? undefined : actor.id), 200);
  });

  app.openapi(
    createRoute({ method: 'post', path: '/tokens', summary: 'Create an API token for yourself (shown once)', tags: ['tokens'], middleware: [allow('anyone')], request: jsonBody(NewToken), responses: { 201: jsonContent(z.object({ token: z.string(), record: TokenSchema }), 'created'), ...ERRORS } }),
    async (c) => {
      const actor = c.get('actor');
      const body = c.req.valid('json');
      const created = await createToken(deps.store, { accountId: actor.id, ...body }, deps.clock);
      await deps.audit({ actor: actor.name, action: 'token.create', target: `token/${created.record.id}`, after: created.record });
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: '/tokens/{id}', summary: 'Revoke an API token (yours; admins: any)', tags: ['tokens'], middleware: [allow('anyone')], request: { params: IdParam }, responses: { 200: jsonContent(TokenSchema, 'revoked'), ...ERRORS } }),
    async (c) => {
      const actor = c.get('actor');
      const { id } = c.req.valid('param');
      const owner = await tokenOwner(deps.store, id);
      // Someone else's token is as absent as a missing one.
      if (!owner || (owner.id !== actor.id && actor.role !== 'admin')) throw notFound(`token ${id}`);
      const revoked = await revokeToken(deps.store, id, deps.clock);
      await deps.audit({ actor: actor.name, action: 'token.revoke', target: `token/${id}`, after: revoked });
      return c.json(revoked, 200);
    },
  );
  return app;
}

