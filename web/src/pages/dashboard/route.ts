import type { PageRoute } from '../../routes.ts';

export const route: PageRoute = { path: '/', title: 'Dashboard', nav: { order: 0 } };
