import type { PageRoute } from '../../routes.ts';

/** A whole review: not for asset owners, who see only their own assets' findings (the server's `wholeReview` rule). */
export const route: PageRoute = { path: '/reviews/:id', title: 'Review', roles: ['admin', 'security-reviewer', 'auditor', 'viewer'] };
