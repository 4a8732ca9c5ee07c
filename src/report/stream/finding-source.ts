import type { Finding } from '../../assess/finding.ts';
import type { Review } from '../../review/review.ts';
import { memoryAssets, type AssetSource, type ReviewHead } from './asset-source.ts';

/**
 * - `rank`: highest risk first, the order of `Review.findings`;
 * - `asset`: each asset's findings together (technique order within), for the formats that group by asset.
 *   Which asset comes first is the source's choice; the writers follow it.
 */
export type FindingOrder = 'rank' | 'asset';

/**
 * A review's findings, read as often as a writer needs and never all at once: an array for a review just made,
 * pages from the store for a stored one (`src/store/finding-pages.ts`).
 */
export interface FindingSource {
  readonly count: number;
  read(order: FindingOrder): AsyncIterable<Finding>;
}

/** A review without its findings (a staged review's document, a review.json read back). */
export type ReviewDocument = Omit<Review, 'findings'>;

/** What a report reads: the review's head whole, its assets and findings from sources, in pages for a stored review. */
export interface StreamedReview {
  document: ReviewHead;
  assets: AssetSource;
  findings: FindingSource;
}

/** A review held in memory, as a stream. */
export function streamReview(review: Review): StreamedReview {
  return { document: review, assets: memoryAssets(review), findings: arraySource(review.findings, review.assets.map((a) => a.id)) };
}

/** A review's document in memory, with its findings from a source (the store's pages after a review is written). */
export function streamDocument(document: ReviewDocument, findings: FindingSource): StreamedReview {
  return { document, assets: memoryAssets(document), findings };
}

export function arraySource(findings: readonly Finding[], assetOrder: readonly string[] = []): FindingSource {
  return {
    count: findings.length,
    read(order) {
      return order === 'rank' ? iterate(findings) : iterate(byAsset(findings, assetOrder));
    },
  };
}

async function* iterate<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

/** Grouped by asset in the inventory's order (then any asset it does not list), techniques in code-point order. */
function* byAsset(findings: readonly Finding[], assetOrder: readonly string[]): Generator<Finding> {
  const groups = new Map<string, Finding[]>(assetOrder.map((id) => [id, []]));
  for (const f of findings) {
    const group = groups.get(f.assetId);
    if (group) group.push(f);
    else groups.set(f.assetId, [f]);
  }
  for (const group of groups.values()) yield* group.sort((a, b) => (a.techniqueId < b.techniqueId ? -1 : a.techniqueId > b.techniqueId ? 1 : 0));
}

export interface Run<T> {
  key: string;
  items: AsyncIterable<T>;
}

/**
 * Consecutive items with the same key, as runs (like itertools.groupby): each run must be read to its end before
 * the next is asked for, which is how the writers use them — one asset's suite or group at a time.
 */
export async function* runsOf<T>(items: AsyncIterable<T>, keyOf: (item: T) => string): AsyncGenerator<Run<T>> {
  const iterator = items[Symbol.asyncIterator]();
  let current = await iterator.next();
  while (!current.done) {
    const key = keyOf(current.value);
    const inRun = () => !current.done && keyOf(current.value) === key;
    const run = async function* (): AsyncGenerator<T> {
      while (inRun()) {
        const value = current.value as T;
        current = await iterator.next();
        yield value;
      }
    };
    yield { key, items: run() };
    // Whatever the reader left of this run is skipped, so the next run starts at its own first item.
    while (inRun()) current = await iterator.next();
  }
}

/** The items `keep` accepts, each mapped, as they stream past. */
export async function* mapFiltered<T, U>(items: AsyncIterable<T>, keep: (item: T) => boolean, map: (item: T) => U): AsyncGenerator<U> {
  for await (const item of items) if (keep(item)) yield map(item);
}
