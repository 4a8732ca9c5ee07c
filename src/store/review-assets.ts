import { sql } from 'kysely';
import { z } from 'zod';
import type { ReviewDocument } from '../report/stream/finding-source.ts';
import type { Store } from './connection.ts';
import { storeError } from './store-error.ts';

/** One asset's parts of a review document, stored as a row of review_asset (migration 0008). */
export interface AssetRow {
  position: number;
  assetId: string;
  snapshot: unknown;
  rollup: unknown;
  defaulted: unknown;
}

/**
 * The document as stored, without its per-asset parts, and those parts as rows in the inventory's order. The stored
 * document keeps the keys with empty values (`assets: []`, `rollups.byAsset: {}`, `defaultedAttributes: []` when the
 * review has that list), so it has the shape it always had and a reader knows which parts the rows fill. A review whose
 * asset ids repeat, or whose defaulted attributes do not follow its assets' order, cannot be put back together from
 * rows exactly: it is stored whole, as before.
 */
export function splitDocument(document: ReviewDocument): { document: ReviewDocument; rows: AssetRow[] } {
  const positions = new Map(document.assets.map((asset, position) => [asset.id, position]));
  const defaulted = document.defaultedAttributes ?? [];
  const defaultedAt = defaulted.map((entry) => positions.get(entry.assetId) ?? -1);
  const inOrder = defaultedAt.every((position, i) => position >= 0 && (i === 0 || position > (defaultedAt[i - 1] as number)));
  if (positions.size !== document.assets.length || !inOrder) return { document, rows: [] };
  const rows: AssetRow[] = document.assets.map((snapshot, position) => ({ position, assetId: snapshot.id, snapshot, rollup: document.rollups.byAsset[snapshot.id], defaulted: undefined }));
  defaulted.forEach((entry, i) => ((rows[defaultedAt[i] as number] as AssetRow).defaulted = entry));
  // Roll-ups of ids that are not assets (none in a review Rampart makes) stay in the document.
  const rest = Object.fromEntries(Object.entries(document.rollups.byAsset).filter(([id]) => !positions.has(id)));
  const stored: ReviewDocument = { ...document, assets: [], rollups: { ...document.rollups, byAsset: rest } };
  if (document.defaultedAttributes) stored.defaultedAttributes = [];
  return { document: stored, rows };
}

/** Assets per read: about 1.5 MB of JSON with their roll-ups and defaulted attributes, one row each. */
export const ASSET_PAGE = 1_000;

const Row = z.object({ position: z.number(), snapshot: z.string(), rollup: z.string().nullable(), defaulted: z.string().nullable() });

/**
 * The whole document of a stored review, as the store gives it (`jsonb` parsed, not yet checked): the per-asset parts
 * read back from review_asset in pages of `pageSize` rows, each row's JSON parsed on its own (no multi-megabyte string
 * from the store), and put back where they were. A review stored before migration 0008, whose document still holds
 * its assets, is returned as it is. The caller checks the result with zod (document.ts) as it checked the one value.
 *
 * Reports write objects with their keys in the order they have, and a document came back from `jsonb` with its keys
 * in jsonb's order (shorter keys first, then bytewise) before zod's check put the checked ones first: `rollups.byAsset`
 * is rebuilt in jsonb's order, so every report of a stored review is byte for byte what it was.
 */
export async function assembleDocument(store: Store, id: number, stored: unknown, assetCount: number, pageSize = ASSET_PAGE): Promise<unknown> {
  const document = Stored.safeParse(stored);
  if (!document.success || document.data.assets.length > 0 || assetCount === 0) return stored;
  const { rollups, defaultedAttributes } = document.data;
  const assets: unknown[] = [];
  const byAsset: Record<string, unknown> = { ...rollups.byAsset };
  const defaulted: unknown[] = [];
  for (let from = 0; from < assetCount; from += pageSize) {
    const page = await store.db
      .selectFrom('review_asset')
      .select(['position', sql<string>`snapshot::text`.as('snapshot'), sql<string | null>`rollup::text`.as('rollup'), sql<string | null>`defaulted::text`.as('defaulted')])
      .where('review_id', '=', id)
      .where('position', '>=', from)
      .where('position', '<', from + pageSize)
      .orderBy('position')
      .execute()
      .catch((error: unknown) => {
        throw storeError(`reading the assets of review ${id} failed: ${error instanceof Error ? error.message : String(error)}`, store.where, 'check the store is reachable and not damaged', error);
      });
    for (const raw of page) {
      const row = Row.safeParse(raw);
      if (!row.success || row.data.position !== assets.length) throw damaged(id, `asset ${assets.length} missing or out of order`);
      const snapshot = JSON.parse(row.data.snapshot) as unknown;
      const assetId = AssetId.safeParse(snapshot);
      if (!assetId.success) throw damaged(id, `asset ${assets.length} has no id`);
      assets.push(snapshot);
      if (row.data.rollup !== null) byAsset[assetId.data.id] = JSON.parse(row.data.rollup);
      if (row.data.defaulted !== null) defaulted.push(JSON.parse(row.data.defaulted));
    }
  }
  if (assets.length !== assetCount) throw damaged(id, `${assets.length} assets stored, ${assetCount} expected`);
  const whole: Record<string, unknown> = { ...(stored as object), assets, rollups: { ...rollups, byAsset: inJsonbOrder(byAsset) } };
  if (defaultedAttributes) whole.defaultedAttributes = [...defaultedAttributes, ...defaulted];
  return whole;
}

/** Only what the assembly reads; the caller checks the whole document afterwards. */
const Stored = z.object({ assets: z.array(z.unknown()), rollups: z.looseObject({ byAsset: z.record(z.string(), z.unknown()) }), defaultedAttributes: z.array(z.unknown()).optional() });
const AssetId = z.object({ id: z.string() });

/** The object with its keys in the order `jsonb` keeps them: shorter (in UTF-8 bytes) first, then bytewise. */
export function inJsonbOrder<T>(record: Record<string, T>): Record<string, T> {
  const keys = Object.keys(record).map((key) => ({ key, bytes: Buffer.from(key, 'utf8') }));
  keys.sort((a, b) => a.bytes.length - b.bytes.length || Buffer.compare(a.bytes, b.bytes));
  return Object.fromEntries(keys.map(({ key }) => [key, record[key] as T]));
}

function damaged(id: number, why: string): Error {
  return storeError(`review ${id} assets in the store are not in the expected shape (${why})`, '', 'the store may be damaged or written by an incompatible Rampart; restore a backup or start a new store');
}
