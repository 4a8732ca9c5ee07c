import { lazy, Suspense, type ComponentType } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { collectPages, folderOf, mayOpen, type PageRoute } from './routes.ts';
import { SessionProvider, useSession } from './session.tsx';
import { Loading } from './ui/loading.tsx';
import { Page } from './ui/page.tsx';

type PageComponent = ComponentType<{ params: Record<string, string> }>;

// Pages are folders: every pages/<name>/route.ts is a route, its page.tsx loaded when first opened.
const routeModules = import.meta.glob<{ route: PageRoute }>('./pages/*/route.ts', { eager: true });
const pageModules = import.meta.glob<{ default: PageComponent }>('./pages/*/page.tsx');
const { pages, nav } = collectPages(routeModules);
const components = new Map<string, PageComponent>(
  Object.entries(pageModules).map(([path, load]) => [folderOf(path), lazy(load)]),
);

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  const { account, signOut } = useSession();
  const [location] = useLocation();
  const visible = nav.filter((p) => mayOpen(p.route, account.role));
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Rampart</span>
        <nav aria-label="Main">
          <ul>
            {visible.map(({ folder, route }) => {
              const current = route.path === '/' ? location === '/' : location === route.path || location.startsWith(`${route.path}/`);
              return (
                <li key={folder}>
                  <Link href={route.path} aria-current={current ? 'page' : undefined}>
                    {route.title}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="who">
          <span>
            {account.name} <span className="muted">({account.role})</span>
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the page" />}>
          <Switch>
            {pages.map(({ folder, route }) => {
              const Component = components.get(folder);
              return (
                <Route key={folder} path={route.path}>
                  {(params: Record<string, string | undefined>) =>
                    !Component ? (
                      <Page title={route.title}>This page has no page.tsx.</Page>
                    ) : mayOpen(route, account.role) ? (
                      <Component params={decoded(params)} />
                    ) : (
                      <Page title={route.title}>
                        <p role="alert">Your role ({account.role}) may not open this page.</p>
                      </Page>
                    )
                  }
                </Route>
              );
            })}
            <Route>
              <Page title="Not found">
                <p>
                  No page at {location}. <Link href="/">Back to the dashboard</Link>
                </p>
              </Page>
            </Route>
          </Switch>
        </Suspense>
      </main>
    </div>
  );
}

/** Path parameters as the page reads them (wouter leaves them encoded). */
function decoded(params: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) out[key] = decodeURIComponent(value);
  return out;
}
