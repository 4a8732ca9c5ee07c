import { sql, type Kysely } from 'kysely';

/**
 * A review's per-asset parts as rows, one per asset: its snapshot, its roll-up and its defaulted attributes. They were
 * most of the review document (at 1,000 assets: snapshots 35%, defaulted attributes 21%, roll-ups 13% of 1.5 MB), so
 * the document grew with the estate as one `jsonb` value — ~150 MB at 100,000 assets, sent to the store whole (into
 * PGlite's WebAssembly memory, which never shrinks) and read back whole. Written by COPY like the findings and read
 * back in pages (src/store/review-assets.ts).
 *
 * Reviews stored before keep their documents as they are (review rows are immutable, and rewriting them would need the
 * trigger lifted): a document whose `assets` list is filled is read as it was; one whose list is empty takes its
 * assets from these rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

const STATEMENTS = [
  `create table review_asset (
      review_id integer not null references review (id),
      position integer not null,
      asset_id text not null,
      snapshot jsonb not null,
      rollup jsonb,
      defaulted jsonb,
      primary key (review_id, position)
    )`,
  `create trigger review_asset_immutable before update or delete on review_asset for each row execute function rampart_immutable()`,
];
