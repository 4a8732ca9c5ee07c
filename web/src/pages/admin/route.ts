import type { PageRoute } from '../../routes.ts';

export const route: PageRoute = { path: '/admin', title: 'Admin', nav: { order: 90 }, roles: ['admin'] };
