import type { PageRoute } from '../../routes.ts';

/** Reached from the findings table and the heatmap; not in the navigation. */
export const route: PageRoute = { path: '/findings/:organisation/:asset/:technique', title: 'Finding' };
