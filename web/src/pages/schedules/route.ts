import type { PageRoute } from '../../routes.ts';

export const route: PageRoute = { path: '/schedules', title: 'Schedules', nav: { order: 60 }, roles: ['admin', 'security-reviewer', 'auditor', 'viewer'] };
