import { z } from 'zod';
import { usageError } from '../../errors.ts';
import type { Role } from '../../server/env.ts';
import { RoleValue } from '../roles.ts';

/**
 * OpenID Connect sign-in, configured by `rampart serve --oidc-…` flags or `RAMPART_OIDC_…` variables (the client
 * secret only by variable: a flag would show in the process list). Unknown users are refused unless a claim maps them
 * to a role, or a default role is given.
 */
export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string | undefined;
  /** Where the provider sends the browser back: this server's `/api/session/oidc/callback`. */
  redirectUrl: URL;
  /** The claim whose value(s) pick the role (a string or an array of strings, e.g. `groups`). */
  roleClaim: string;
  /** Claim value → role; the first value of the claim that maps decides (in the order of the map). */
  roleMap: ReadonlyMap<string, Role>;
  /** The role of a user no claim maps; none: such users are refused. */
  defaultRole: Role | undefined;
  /** Where the browser goes once signed in. */
  afterSignIn: string;
}

export interface OidcOptions {
  issuer?: string | undefined;
  clientId?: string | undefined;
  redirectUrl?: string | undefined;
  roleClaim?: string | undefined;
  roleMap?: string | undefined;
  defaultRole?: string | undefined;
}

const Options = z.object({
  issuer: z.url({ protocol: /^https?$/, message: 'the OIDC issuer must be an http(s) URL' }),
  clientId: z.string().min(1, 'give the OIDC client id (--oidc-client-id or RAMPART_OIDC_CLIENT_ID)'),
  clientSecret: z.string().min(1).optional(),
  redirectUrl: z.url({ protocol: /^https?$/, message: 'the OIDC redirect URL must be an http(s) URL' }),
  roleClaim: z.string().min(1).default('groups'),
  roleMap: z.string().default(''),
  defaultRole: RoleValue.optional(),
});

/**
 * The OIDC configuration from flags, then the environment; undefined when no issuer is given (OIDC off). The redirect
 * URL defaults to the public URL's (or the listening address's) `/api/session/oidc/callback`. Bad values are usage
 * errors (exit 2) naming the flag.
 */
export function oidcConfig(options: OidcOptions, env: NodeJS.ProcessEnv, serverUrl: string): OidcConfig | undefined {
  const issuer = options.issuer ?? env.RAMPART_OIDC_ISSUER;
  if (!issuer) return undefined;
  const parsed = Options.safeParse({
    issuer,
    clientId: options.clientId ?? env.RAMPART_OIDC_CLIENT_ID ?? '',
    clientSecret: env.RAMPART_OIDC_CLIENT_SECRET || undefined,
    redirectUrl: options.redirectUrl ?? env.RAMPART_OIDC_REDIRECT_URL ?? new URL('/api/session/oidc/callback', serverUrl).toString(),
    roleClaim: options.roleClaim ?? env.RAMPART_OIDC_ROLE_CLAIM,
    roleMap: options.roleMap ?? env.RAMPART_OIDC_ROLE_MAP,
    defaultRole: options.defaultRole ?? (env.RAMPART_OIDC_DEFAULT_ROLE || undefined),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw usageError(`OIDC: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim(), 'see rampart serve --help (--oidc-…) and docs/team-server.md, "Sign-in with OpenID Connect"');
  }
  const o = parsed.data;
  return { issuer: new URL(o.issuer), clientId: o.clientId, clientSecret: o.clientSecret, redirectUrl: new URL(o.redirectUrl), roleClaim: o.roleClaim, roleMap: parseRoleMap(o.roleMap), defaultRole: o.defaultRole, afterSignIn: '/' };
}

/** `value=role,value=role` (a value may hold `=`: the last one splits). */
export function parseRoleMap(text: string): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
    const at = entry.lastIndexOf('=');
    const role = RoleValue.safeParse(entry.slice(at + 1).trim());
    if (at <= 0 || !role.success) throw usageError(`OIDC role map: "${entry}" is not claim-value=role`, `roles: ${RoleValue.options.join(', ')}; e.g. --oidc-role-map "rampart-admins=admin,ml-security=security-reviewer"`);
    map.set(entry.slice(0, at).trim(), role.data);
  }
  return map;
}

/** The role a user's claims give: the first mapped value of the role claim, else the default, else none (refused). */
export function roleFor(config: Pick<OidcConfig, 'roleClaim' | 'roleMap' | 'defaultRole'>, claims: Record<string, unknown>): Role | undefined {
  const raw = claims[config.roleClaim];
  const values = new Set((Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string'));
  for (const [value, role] of config.roleMap) if (values.has(value)) return role;
  return config.defaultRole;
}
