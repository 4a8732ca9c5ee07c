import type { PageRoute } from '../../routes.ts';

export const route: PageRoute = { path: '/reviews/:id/diff/:other', title: 'Review diff', roles: ['admin', 'security-reviewer', 'auditor', 'viewer'] };
