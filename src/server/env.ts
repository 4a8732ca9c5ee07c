/** The signed-in principal every authenticated route sees as `c.get('actor')` (set by server-core's middleware). */
export type Role = 'admin' | 'security-reviewer' | 'asset-owner' | 'auditor' | 'viewer';

export interface Actor {
  id: string;
  name: string;
  role: Role;
}

export type ServerEnv = { Variables: { actor: Actor } };
