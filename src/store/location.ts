import { resolve } from 'node:path';

export type StoreLocation = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };

export const DEFAULT_STORE_DIR = '.rampart/store';

export interface LocationInput {
  /** `--store`: a folder for the embedded store, or a postgres:// URL. */
  store?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** `--store` wins, then DATABASE_URL (PostgreSQL), then RAMPART_STORE, then `.rampart/store` in the working folder. */
export function resolveStoreLocation({ store, env = process.env, cwd = process.cwd() }: LocationInput): StoreLocation {
  const chosen = store ?? env.DATABASE_URL ?? env.RAMPART_STORE ?? DEFAULT_STORE_DIR;
  return isPostgresUrl(chosen) ? { kind: 'postgres', url: chosen } : { kind: 'pglite', dir: resolve(cwd, chosen) };
}

function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** Where the store is, for messages: the folder, or the URL without its password. */
export function describeLocation(location: StoreLocation): string {
  if (location.kind === 'pglite') return location.dir;
  try {
    const url = new URL(location.url);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'DATABASE_URL (not a valid URL)';
  }
}
