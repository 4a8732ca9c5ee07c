import type { Context, Hono } from 'hono';
import type { SignInThrottle } from '../accounts/throttle.ts';
import type { AuditSink } from '../audit/audit-sink.ts';
import type { Store } from '../store/connection.ts';
import type { Role, ServerEnv } from './env.ts';
import type { ReviewStarter } from './review-starter.ts';

/** A sub-app another part of Rampart mounts on the server (server-jobs: jobs, schedules, webhook triggers). */
export interface MountedApp {
  path: string;
  app: Hono<ServerEnv>;
  /** `session`: behind sign-in (cookie + CSRF, or token) and the role rule below; `none`: bare (it checks its own signatures). */
  auth: 'session' | 'none';
  /** Roles that may GET/HEAD. */
  read?: Role[];
  /** Roles that may use any other method. */
  write?: Role[];
}

export interface ServerDeps {
  store: Store;
  startReview: ReviewStarter;
  audit: AuditSink;
  clock: () => Date;
  throttle: SignInThrottle;
  /** Cookies carry `Secure` (and the `__Host-` prefix); off only for plain-http loopback in development. */
  secureCookies: boolean;
  /** The origin browsers use when the server is behind a TLS proxy (`https://rampart.example.com`), for the Origin check. */
  publicOrigin?: string;
  /** The client's address, for sign-in throttling. */
  addressOf: (c: Context) => string;
  /** Where registered inventory folders may be (absolute); none: any folder the server can read (admins only). */
  inventoryRoots?: readonly string[];
  mount?: readonly MountedApp[];
  /** The built web UI's folder, served at `/` (`rampart serve` gives dist/web); none: API only. */
  webRoot?: string;
  /** Server log (errors); stderr by default. */
  log?: (line: string) => void;
}
