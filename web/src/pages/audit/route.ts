import type { PageRoute } from '../../routes.ts';

export const route: PageRoute = { path: '/audit', title: 'Audit log', nav: { order: 80 }, roles: ['admin', 'auditor'] };
