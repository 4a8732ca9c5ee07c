import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MiddlewareHandler } from 'hono';
import type { ServerEnv } from './env.ts';

/** Where `npm run build` puts the web UI: dist/web beside dist/server (and seen from src/server under tsx, too). */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * Only this server's own scripts, styles, images and API. Styles set from scripts (React's `style`, uPlot) go through
 * the CSSOM, which `style-src 'self'` allows; nothing inline, nothing from another origin.
 */
export const WEB_CSP = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob:", "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Paths the web UI never answers: the API and the webhooks keep their own 404s. */
const NOT_OURS = /^\/(api|hooks)(\/|$)/;

/**
 * The built web UI at `/`: files as they are, with a year's immutable cache for Vite's content-hashed `assets/`, and
 * every other GET (a page's address, such as /findings/acme/model/AML.T0015) answered with index.html, which the
 * client-side router reads. A missing hashed asset is a 404, not index.html, so a stale tab fails loudly.
 */
export function webAssets(root: string = WEB_ROOT): MiddlewareHandler<ServerEnv> {
  const base = resolve(root);
  return async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || NOT_OURS.test(c.req.path)) return next();
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return next();
    }
    const file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) return next();
    const found = await stat(file).catch(() => undefined);
    c.header('Content-Security-Policy', WEB_CSP);
    if (found?.isFile()) {
      const hashed = path.startsWith('/assets/');
      c.header('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
      c.header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      return c.req.method === 'HEAD' ? c.body(null, 200) : c.body(new Uint8Array(await readFile(file)), 200);
    }
    // Technique ids look like extensions (AML.T0015.001): only a known file type's missing file is a 404.
    if (path.startsWith('/assets/') || TYPES[extname(path)] !== undefined) return next();
    const index = await readFile(resolve(base, 'index.html')).catch(() => undefined);
    if (!index) {
      c.header('Content-Type', 'text/plain; charset=utf-8');
      return c.body('The web UI is not built: run `npm run build` in the Rampart checkout, then restart `rampart serve`.\nThe API is at /api (see /api/openapi.json).\n', 503);
    }
    c.header('Content-Type', TYPES['.html'] as string);
    c.header('Cache-Control', 'no-cache');
    return c.req.method === 'HEAD' ? c.body(null, 200) : c.body(new Uint8Array(index), 200);
  };
}
