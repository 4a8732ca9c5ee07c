import type { PageRoute } from '../../routes.ts';

export const route: PageRoute = { path: '/plan', title: 'Plan', nav: { order: 40 } };
