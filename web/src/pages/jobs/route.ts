import type { PageRoute } from '../../routes.ts';

/** Jobs name an organisation's reviews and errors unfiltered by asset: not for asset owners (the server's rule). */
export const route: PageRoute = { path: '/jobs', title: 'Progress', nav: { order: 35 }, roles: ['admin', 'security-reviewer', 'auditor', 'viewer'] };
