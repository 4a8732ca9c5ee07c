import type { PageRoute } from '../../routes.ts';

export const route: PageRoute = { path: '/waivers', title: 'Waivers', nav: { order: 50 } };
