import { resolveStoreLocation } from '../store/location.ts';

/**
 * `rampart review …` into the embedded store: start PGlite's worker (loading its code, compiling its WebAssembly,
 * reading its file bundle: pglite-worker.ts `warmPglite`) before the review verb's modules load, not after. Those
 * modules (the store's query builder, zod, the reports, the inventory readers: ~570 files) take the main thread a
 * few hundred milliseconds, and PGlite's start, not the analysis, is what a stored review waits for (README,
 * Benchmarks); the worker runs on the second core meanwhile. openStore takes over the warmed worker.
 *
 * Nothing starts for --no-store, a PostgreSQL store (`--store postgres://…`, DATABASE_URL) or --help: the argv is read
 * as commander will read it for `review`, and a guess that misses only costs a worker that is never asked anything
 * (it does not hold the process open).
 */
export async function warmStoreFor(argv: readonly string[]): Promise<void> {
  if (usesEmbeddedStore(argv)) (await import('../store/pglite-worker.ts')).warmPglite();
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
