import type { Store } from '../store/connection.ts';
import { timing } from '../util/timing.ts';
import { describeLocation, resolveStoreLocation, type StoreLocation } from '../store/location.ts';

/**
 * `rampart review <inventory>` into the embedded store: the store is opened (locked, its staging copy made and PGlite
 * started on it by PGlite's worker, pglite-worker.ts) from bin.ts, before commander and the review verb's modules
 * load, not after. Loading them and parsing the options take the main thread ~0.1 s of CPU, and PGlite's worker, not
 * the analysis, is what a stored review waits for (docs/benchmarks/cli-speed.md): its head start is the whole of that time.
 * The review takes the opening over (takeEarlyStore); a command line that never gets to storing (a usage error, an
 * unusable report folder, `--store` read otherwise by commander) has it discarded (locked and copied, never swapped
 * in: a store made new for it is not created, README "Writing, reading and locking the embedded store").
 *
 * `review show|diff` (reads) and the stores this guess is unsure of only get PGlite loaded ahead (warmPglite); nothing
 * starts for --no-store, a PostgreSQL store (`--store postgres://…`, DATABASE_URL) or --help.
 */
export async function warmStoreFor(argv: readonly string[]): Promise<() => Promise<void>> {
  if (!usesEmbeddedStore(argv)) return async () => undefined;
  if (argv[0] === 'show' || argv[0] === 'diff') {
    (await import('../store/pglite-worker.ts')).warmPglite();
    return async () => undefined;
  }
  const location = resolveStoreLocation({ store: storeFlag(argv) });
  const { openStore } = await import('../store/connection.ts');
  let prepared!: () => void;
  const folderReady = new Promise<void>((resolve) => (prepared = resolve));
  timing('review: opening the store early');
  const opening = openStore(location, { mode: 'write', prepared });
  // Whoever takes it sees a failure; one nobody takes (a usage error came first) is not an error.
  opening.catch(() => undefined);
  early = { location, opening, folderReady };
  // Commander and the verb load once the worker has its folder: loaded meanwhile, they held the main thread between
  // the lock's and the folder checks' file operations, and the worker got its folder only as late as before.
  await Promise.race([folderReady, opening.catch(() => undefined)]);
  return discardEarlyStore;
}

/** A store opened before the review verb loaded, until the review takes it. */
let early: EarlyStore | undefined;

export interface EarlyStore {
  location: StoreLocation;
  opening: Promise<Store>;
  /** Settles once the store's folder is locked and copied and PGlite is starting on it. */
  folderReady: Promise<void>;
}

/** The store opened early for this location, now the caller's to close; undefined when there is none (or for elsewhere). */
export function takeEarlyStore(location: StoreLocation): EarlyStore | undefined {
  const taken = early;
  if (!taken || describeLocation(taken.location) !== describeLocation(location) || taken.location.kind !== location.kind) return undefined;
  early = undefined;
  return taken;
}

/** Once the command has run: a store opened early that the review never took is closed, keeping nothing. */
async function discardEarlyStore(): Promise<void> {
  const left = early;
  early = undefined;
  const store = await left?.opening.catch(() => undefined);
  await store?.discard?.().catch(() => undefined);
}

/** Whether `rampart review <argv>` opens the embedded store (PGlite). */
export function usesEmbeddedStore(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (argv.some((arg) => arg === '--no-store' || arg === '--help' || arg === '-h')) return false;
  return resolveStoreLocation({ store: storeFlag(argv), env }).kind === 'pglite';
}

/** The value of `--store DIR` or `--store=DIR`, the last one given (as commander takes it). */
export function storeFlag(argv: readonly string[]): string | undefined {
  let store: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--store') store = argv[i + 1];
    else if (arg.startsWith('--store=')) store = arg.slice('--store='.length);
  });
  return store;
}
