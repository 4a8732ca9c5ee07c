import { describe, expect, it } from 'vitest';
import { oidcConfig, parseRoleMap, roleFor } from './config.ts';

describe('OIDC configuration', () => {
  it('is off without an issuer, and fills the rest from flags, then the environment', () => {
    expect(oidcConfig({}, {}, 'http://127.0.0.1:8787')).toBeUndefined();
    const config = oidcConfig({ issuer: 'https://id.example.com/realms/x', roleMap: 'admins=admin' }, { RAMPART_OIDC_CLIENT_ID: 'rampart', RAMPART_OIDC_CLIENT_SECRET: 's3cret' }, 'https://rampart.example.com');
    expect(config).toMatchObject({ clientId: 'rampart', clientSecret: 's3cret', roleClaim: 'groups', defaultRole: undefined });
    expect(config?.redirectUrl.href).toBe('https://rampart.example.com/api/session/oidc/callback');
  });

  it.each([
    { name: 'no client id', options: { issuer: 'https://id.example.com' }, error: /client id/ },
    { name: 'an issuer that is not a URL', options: { issuer: 'id.example.com', clientId: 'c' }, error: /issuer must be an http\(s\) URL/ },
    { name: 'a role map entry without a role', options: { issuer: 'https://id.example.com', clientId: 'c', roleMap: 'admins' }, error: /"admins" is not claim-value=role/ },
    { name: 'an unknown role', options: { issuer: 'https://id.example.com', clientId: 'c', roleMap: 'admins=root' }, error: /not claim-value=role/ },
    { name: 'an unknown default role', options: { issuer: 'https://id.example.com', clientId: 'c', defaultRole: 'root' }, error: /defaultRole/ },
  ])('refuses $name as a usage error', ({ options, error }) => {
    expect(() => oidcConfig(options, {}, 'http://127.0.0.1:8787')).toThrow(error);
  });

  const config = { roleClaim: 'groups', roleMap: parseRoleMap('rampart-admins=admin, ml-security=security-reviewer,team=ops=auditor'), defaultRole: undefined };
  it.each([
    { claims: { groups: ['staff', 'ml-security'] }, role: 'security-reviewer' },
    { claims: { groups: ['ml-security', 'rampart-admins'] }, role: 'admin' },
    { claims: { groups: 'team=ops' }, role: 'auditor' },
    { claims: { groups: ['staff'] }, role: undefined },
    { claims: {}, role: undefined },
  ])('maps $claims.groups to $role (the map\'s order decides)', ({ claims, role }) => {
    expect(roleFor(config, claims)).toBe(role);
    expect(roleFor({ ...config, defaultRole: 'viewer' }, claims)).toBe(role ?? 'viewer');
  });
});
