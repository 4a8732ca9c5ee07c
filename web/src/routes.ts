/** The server's roles (src/server/env.ts), as the session reports them. */
export type Role = 'admin' | 'security-reviewer' | 'asset-owner' | 'auditor' | 'viewer';

/**
 * What a page folder declares in `pages/<name>/route.ts`. The app finds these by glob: adding a page is adding a
 * folder, never editing a list.
 */
export interface PageRoute {
  /** A wouter path pattern: `/findings`, `/findings/:organisation/:asset/:technique`. */
  path: string;
  title: string;
  /** Shown in the navigation, in ascending `order`; pages without `nav` are reached by links. */
  nav?: { order: number };
  /** Only these roles see the page (and its nav entry); everyone signed in when absent. */
  roles?: Role[];
}

/** A page's route with the folder it came from, as the app holds it. */
export interface FoundPage {
  folder: string;
  route: PageRoute;
}

/** `./pages/findings/route.ts` → `findings`. */
export function folderOf(modulePath: string): string {
  const match = /pages\/([^/]+)\/[^/]+$/.exec(modulePath);
  if (!match) throw new Error(`not a page module: ${modulePath}`);
  return match[1] as string;
}

/**
 * The pages from the glob of route modules, most specific paths first (so `/findings/:a/:b/:c` is tried before
 * `/findings`, and `/` last), and the navigation entries in their order.
 */
export function collectPages(modules: Record<string, { route?: PageRoute }>): { pages: FoundPage[]; nav: FoundPage[] } {
  const pages = Object.entries(modules)
    .map(([path, module]) => {
      if (!module.route) throw new Error(`${path} exports no route`);
      return { folder: folderOf(path), route: module.route };
    })
    .sort((a, b) => specificity(b.route.path) - specificity(a.route.path) || a.route.path.localeCompare(b.route.path));
  const nav = pages.filter((p) => p.route.nav).sort((a, b) => (a.route.nav?.order ?? 0) - (b.route.nav?.order ?? 0));
  return { pages, nav };
}

/** Literal segments weigh more than parameters; more segments more than fewer. */
function specificity(path: string): number {
  return path
    .split('/')
    .filter(Boolean)
    .reduce((sum, segment) => sum + (segment.startsWith(':') ? 1 : 2), 0);
}

export function mayOpen(route: PageRoute, role: Role): boolean {
  return !route.roles || route.roles.includes(role);
}
