import { sql, type Kysely } from 'kysely';

/**
 * Data manifests: what each data file an inventory names looked like at a review (hashes per file and per chunk of
 * rows, schema, statistical profile; src/data/provenance/). The next review of the organisation compares its files
 * with these and reports rows changed in append-only data, schema drift and distribution shift. Immutable like the
 * review they belong to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

const STATEMENTS = [
  `create table data_manifest (
      review_id integer not null references review (id),
      asset_id text not null,
      path text not null,
      sha256 text not null,
      manifest jsonb not null,
      primary key (review_id, asset_id, path)
    )`,
  `create index data_manifest_by_file on data_manifest (asset_id, path, review_id)`,
  `create trigger data_manifest_immutable before update or delete on data_manifest for each row execute function rampart_immutable()`,
];
