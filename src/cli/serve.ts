import type { Command } from 'commander';
import { z } from 'zod';
import { usageError } from '../errors.ts';
import { writeErr } from './output.ts';
import { storeOption } from './store-option.ts';

const Flags = z.object({
  port: z.coerce.number().int().min(0).max(65_535),
  host: z.string().min(1),
  store: z.string().optional(),
  publicUrl: z.url().optional(),
  inventoryRoot: z.array(z.string()).optional(),
  notify: z.url({ protocol: /^https?$/, message: '--notify takes an http(s) URL' }).optional(),
  oidcIssuer: z.string().optional(),
  oidcClientId: z.string().optional(),
  oidcRedirectUrl: z.string().optional(),
  oidcRoleClaim: z.string().optional(),
  oidcRoleMap: z.string().optional(),
  oidcDefaultRole: z.string().optional(),
});

/**
 * `rampart serve`: the team server on the review store. Everything it needs is imported here, when it runs, so the
 * other verbs (and `--version`) never load Hono or the accounts.
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the team server: the HTTP API (OpenAPI at /api/openapi.json) with accounts, roles and the audit log, jobs, schedules and signed webhooks, over the review store')
    .option('--port <port>', 'port to listen on (0: any free one)', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(storeOption())
    .option('--public-url <url>', 'the https URL browsers use when a TLS proxy is in front (cookies are then always Secure)')
    .option('--inventory-root <dir...>', 'folders under which admins may register inventory folders (default: any the server can read)')
    .option('--notify <url>', 'Slack-compatible webhook told of new critical findings and regressions of each review the server stores (default RAMPART_NOTIFY_URL)')
    .option('--oidc-issuer <url>', 'OpenID Connect sign-in: the provider\'s issuer URL (default RAMPART_OIDC_ISSUER; the client secret only by RAMPART_OIDC_CLIENT_SECRET)')
    .option('--oidc-client-id <id>', 'OpenID Connect client id (default RAMPART_OIDC_CLIENT_ID)')
    .option('--oidc-redirect-url <url>', 'where the provider sends browsers back (default <public URL>/api/session/oidc/callback; RAMPART_OIDC_REDIRECT_URL)')
    .option('--oidc-role-claim <claim>', 'the claim that picks the role (default groups; RAMPART_OIDC_ROLE_CLAIM)')
    .option('--oidc-role-map <map>', 'claim value → role, e.g. "rampart-admins=admin,ml-security=security-reviewer" (RAMPART_OIDC_ROLE_MAP)')
    .option('--oidc-default-role <role>', 'role of users no claim maps (default: they are refused; RAMPART_OIDC_DEFAULT_ROLE)')
    .action(async (raw: unknown) => {
      const given = raw as { notify?: string };
      const parsed = Flags.safeParse({ ...given, notify: given.notify ?? process.env.RAMPART_NOTIFY_URL });
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart serve --help');
      const { startServer } = await import('../server/start.ts');
      const running = await startServer(parsed.data);
      writeErr(`rampart serve: listening on ${running.url} (store ${running.where}; ${running.jobs}); OpenAPI at ${running.url}/api/openapi.json`);
      if (running.accounts === 0) writeErr('no accounts yet: stop the server and run `rampart user add --name admin --role admin` (PGlite has one writer), then start it again');
      await running.closed;
    });
}
