import { Option } from 'commander';
import { usageError } from '../errors.ts';
import { openStore, type Store, type StoreMode } from '../store/connection.ts';
import { resolveStoreLocation } from '../store/location.ts';
import { latestReviewIds } from '../store/reviews.ts';

/** `--store`, shared by the verbs that read or write stored reviews. */
export function storeOption(): Option {
  return new Option('--store <dir|url>', 'review store: a folder (default .rampart/store, or RAMPART_STORE) or a postgres:// URL (default DATABASE_URL)');
}

/**
 * Open the store the flags and environment name, run `work`, and always close it. `read` (the default) never
 * creates a store nor waits for a writer; `write` creates it when missing and takes the write lock.
 */
export async function withStore<T>(flag: string | undefined, work: (store: Store) => Promise<T>, mode: StoreMode = 'read'): Promise<T> {
  const store = await openStore(resolveStoreLocation({ store: flag }), { mode });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export function parseReviewId(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) throw usageError(`"${raw}" is not a review id`, 'review ids are the numbers `rampart reviews` lists');
  return Number(raw);
}

/** The id given, or the latest stored review's (of the organisation, when one is chosen). */
export async function reviewIdOrLatest(store: Store, raw: string | undefined, organisation?: string): Promise<number> {
  if (raw !== undefined) return parseReviewId(raw);
  const [latest] = await latestReviewIds(store, 1, { organisation });
  if (latest === undefined) throw usageError(`no review is stored in ${store.where} yet`, 'run `rampart review <inventory>` first');
  return latest;
}
