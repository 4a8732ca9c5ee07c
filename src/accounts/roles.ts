import { z } from 'zod';
import type { Role } from '../server/env.ts';

export const ROLES = ['admin', 'security-reviewer', 'asset-owner', 'auditor', 'viewer'] as const satisfies readonly Role[];

export const RoleValue = z.enum(ROLES);

/** Roles that read the audit log. */
export const AUDIT_READERS: readonly Role[] = ['admin', 'auditor'];
