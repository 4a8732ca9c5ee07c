import { createHash } from 'node:crypto';
import { z } from 'zod';
import { badRequest } from '../http-error.ts';

/**
 * The orders the findings list pages in, each by keyset: a page starts after the last row of the one before, on an
 * index that walks the rows in this order (migration 0006-finding-pages). Every order ends in a unique key, so no
 * row is skipped or repeated between pages.
 *
 * - `rank`: the review's own ranking (exploited first, then risk; see src/assess/analyse.ts), rank 1 first.
 * - `risk`: score high to low, ties in rank order.
 * - `asset`: asset id, then technique id. `technique`: technique id, then asset id.
 */
export const FINDING_SORTS = ['rank', 'risk', 'asset', 'technique'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** The order each sort gives without `order`: riskiest first for rank and risk, alphabetical for the others. */
export const NATURAL_ORDER: Record<FindingSort, SortOrder> = { rank: 'asc', risk: 'desc', asset: 'asc', technique: 'asc' };

/** A row's key in a sort: the values of its key columns, compared as one row value. */
export type SortKey = readonly (string | number)[];

export interface CursorState {
  reviewId: number;
  /** The last row of the page before. */
  after: SortKey;
  /** The count the first page found, so later pages need not count again. */
  total: number;
  /** Which query the cursor continues: sort, order and filters. */
  query: string;
}

const Encoded = z.object({ v: z.literal(1), r: z.number().int().positive(), a: z.array(z.union([z.string(), z.number()])).min(1).max(2), t: z.number().int().min(0), q: z.string() });

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify({ v: 1, r: state.reviewId, a: state.after, t: state.total, q: state.query })).toString('base64url');
}

/** The cursor a previous page gave, or 400: it is opaque to callers, so anything else is a mistake to say plainly. */
export function decodeCursor(cursor: string): CursorState {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = Encoded.safeParse(json);
  if (!parsed.success) throw badRequest('the cursor is not one this server gave', 'pass the nextCursor of the previous page unchanged, or leave cursor out for the first page');
  return { reviewId: parsed.data.r, after: parsed.data.a, total: parsed.data.t, query: parsed.data.q };
}

/** A short fingerprint of what a page was asked for (sort, order, filters), kept in its cursor. */
export function queryFingerprint(parts: Record<string, unknown>): string {
  const canonical = JSON.stringify(Object.keys(parts).sort().map((k) => [k, parts[k] ?? null]));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** The key of a sort has the shape that sort needs (numbers for rank and risk, strings for asset and technique). */
export function checkKey(sort: FindingSort, key: SortKey): SortKey {
  const numbers = sort === 'rank' ? 1 : sort === 'risk' ? 2 : 0;
  const ok = numbers > 0 ? key.length === numbers && key.every((v) => typeof v === 'number' && Number.isFinite(v)) : key.length === 2 && key.every((v) => typeof v === 'string');
  if (!ok) throw badRequest('the cursor is not one this server gave', 'pass the nextCursor of the previous page unchanged');
  return key;
}
