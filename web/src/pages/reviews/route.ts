import type { PageRoute } from '../../routes.ts';

export const route: PageRoute = { path: '/reviews', title: 'Reviews', nav: { order: 30 } };
