import { sql } from 'kysely';
import { z } from 'zod';
import type { DefaultedAttributes } from '../assess/defaulted-attributes.ts';
import type { Rollup } from '../assess/rollup.ts';
import { memoryAssets, type AssetSource } from '../report/stream/asset-source.ts';
import type { ReviewDocument } from '../report/stream/finding-source.ts';
import type { AssetSnapshot } from '../review/review.ts';
import type { Store } from './connection.ts';
import { StoredAsset, StoredRollup } from './document.ts';
import { read } from './reviews.ts';
import { ASSET_PAGE } from './review-assets.ts';
import { storeError } from './store-error.ts';

/**
 * A stored review's assets as a source the reports read in pages of review_asset (migration 0008), never all at once:
 * at 10,000 assets the snapshots, roll-ups and defaulted attributes were ~27 MB parsed that every report held while it
 * wrote. A review stored before the migration (its document holds its assets) is read from its document, as before.
 *
 * Each part comes out as the whole document read back did (store/review-assets.ts `assembleDocument`, then zod's check
 * in document.ts): snapshots and roll-ups through the same zod schemas, so their keys are in the same order, and the
 * roll-ups by asset in jsonb's key order. Every report of a stored review is byte for byte what it was.
 */
export function storedAssets(store: Store, id: number, head: ReviewDocument, assetCount: number, pageSize = ASSET_PAGE): AssetSource {
  if (head.assets.length > 0 || assetCount === 0) return memoryAssets(head);
  const rows = (columns: readonly Column[]) => assetRows(store, id, assetCount, pageSize, columns);
  return {
    count: assetCount,
    async *snapshots() {
      for await (const row of rows(['snapshot'])) yield row.snapshot;
    },
    async *withRollups() {
      for await (const row of rows(['snapshot', 'rollup'])) yield { snapshot: row.snapshot, rollup: row.rollup };
    },
    rollups: () => rollupsInJsonbOrder(store, id, head.rollups.byAsset, pageSize),
    defaulted() {
      const before = head.defaultedAttributes;
      if (!before) return undefined;
      return (async function* () {
        yield* before;
        for await (const row of rows(['defaulted'])) if (row.defaulted) yield row.defaulted;
      })();
    },
  };
}

type Column = 'snapshot' | 'rollup' | 'defaulted';

interface AssetRowRead {
  position: number;
  snapshot: AssetSnapshot;
  rollup: Rollup | undefined;
  defaulted: DefaultedAttributes | undefined;
}

const Row = z.object({ position: z.number(), asset_id: z.string(), snapshot: z.string().nullish(), rollup: z.string().nullish(), defaulted: z.string().nullish() });

/** The asset rows in the inventory's order, a page at a time, with only the columns asked for parsed (the others unread). */
async function* assetRows(store: Store, id: number, count: number, pageSize: number, columns: readonly Column[]): AsyncGenerator<AssetRowRead> {
  let position = 0;
  for (let from = 0; from < count; from += pageSize) {
    const page = await read(store, () =>
      sql<unknown>`select position, asset_id, ${columns.includes('snapshot') ? sql`snapshot::text` : sql`null`} as snapshot,
        ${columns.includes('rollup') ? sql`rollup::text` : sql`null`} as rollup, ${columns.includes('defaulted') ? sql`defaulted::text` : sql`null`} as defaulted
        from review_asset where review_id = ${id} and position >= ${from} and position < ${from + pageSize} order by position`.execute(store.db),
    ).catch((error: unknown) => {
      throw storeError(`reading the assets of review ${id} failed: ${error instanceof Error ? error.message : String(error)}`, store.where, 'check the store is reachable and not damaged', error);
    });
    for (const raw of page.rows) {
      const row = Row.safeParse(raw);
      if (!row.success || row.data.position !== position) throw damaged(id, `asset ${position} missing or out of order`);
      position += 1;
      yield {
        position: row.data.position,
        snapshot: (row.data.snapshot ? checked(StoredAsset, JSON.parse(row.data.snapshot), id, `asset ${row.data.position}`) : { id: row.data.asset_id }) as AssetSnapshot,
        rollup: row.data.rollup ? (checked(StoredRollup, JSON.parse(row.data.rollup), id, `the roll-up of asset ${row.data.position}`) as Rollup) : undefined,
        defaulted: row.data.defaulted ? (JSON.parse(row.data.defaulted) as DefaultedAttributes) : undefined,
      };
    }
  }
  if (position !== count) throw damaged(id, `${position} assets stored, ${count} expected`);
}

/** Zod's copy, as the whole document's check made it (a loose object's checked keys come first): the order a report writes. */
function checked<T>(schema: z.ZodType<T>, value: unknown, id: number, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw damaged(id, `${what}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}

/**
 * `rollups.byAsset` in jsonb's key order (shorter in UTF-8 bytes first, then bytewise), as the document read whole had
 * it: the ids are read and sorted first (a few dozen bytes an asset), then the roll-ups fetched by position in pages.
 * Roll-ups the document itself kept (ids that are not assets: none in a review Rampart makes) take their places.
 */
async function* rollupsInJsonbOrder(store: Store, id: number, inDocument: Record<string, unknown>, pageSize: number): AsyncGenerator<readonly [string, Rollup]> {
  const ids = await read(store, () => sql<{ position: number; asset_id: string }>`select position, asset_id from review_asset where review_id = ${id} and rollup is not null`.execute(store.db));
  const keys: { key: string; bytes: Buffer; position: number }[] = ids.rows.map((r) => ({ key: r.asset_id, bytes: Buffer.from(r.asset_id, 'utf8'), position: r.position }));
  for (const key of Object.keys(inDocument)) keys.push({ key, bytes: Buffer.from(key, 'utf8'), position: -1 });
  keys.sort((a, b) => a.bytes.length - b.bytes.length || Buffer.compare(a.bytes, b.bytes));
  for (let from = 0; from < keys.length; from += pageSize) {
    const slice = keys.slice(from, from + pageSize);
    const positions = slice.filter((k) => k.position >= 0).map((k) => k.position);
    const fetched = new Map<number, string>();
    if (positions.length > 0) {
      const page = await read(store, () =>
        sql<{ position: number; rollup: string }>`select position, rollup::text as rollup from review_asset where review_id = ${id} and position in (${sql.join(positions)})`.execute(store.db),
      );
      for (const row of page.rows) fetched.set(row.position, row.rollup);
    }
    for (const k of slice) {
      const text = k.position >= 0 ? fetched.get(k.position) : undefined;
      if (k.position >= 0 && text === undefined) throw damaged(id, `the roll-up of asset ${k.position} is missing`);
      const value = text === undefined ? inDocument[k.key] : JSON.parse(text);
      yield [k.key, checked(StoredRollup, value, id, `the roll-up of ${k.key}`) as Rollup];
    }
  }
}

function damaged(id: number, why: string): Error {
  return storeError(`review ${id} assets in the store are not in the expected shape (${why})`, '', 'the store may be damaged or written by an incompatible Rampart; restore a backup or start a new store');
}
