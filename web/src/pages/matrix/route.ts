import type { PageRoute } from '../../routes.ts';

export const route: PageRoute = { path: '/matrix', title: 'ATLAS matrix', nav: { order: 10 } };
