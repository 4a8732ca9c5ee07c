import type { PageRoute } from '../../routes.ts';

export const route: PageRoute = { path: '/findings', title: 'Findings', nav: { order: 20 } };
