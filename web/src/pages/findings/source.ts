import { apiGet } from '../../api/client.ts';

/** A row of the findings table (GET /api/reviews/{id}/finding-table). */
export interface TableRow {
  id: string;
  rank: number;
  assetId: string;
  assetName?: string;
  element?: string;
  owner?: string;
  techniqueId: string;
  techniqueName?: string;
  coverage: string;
  score: number;
  level: string;
  status: string;
  assignee?: string;
}

interface Slice {
  total: number;
  offset: number;
  findings: TableRow[];
}

export const SLICE = 200;

export type Fetch = (offset: number, limit: number) => Promise<Slice>;

/** The server's table view of a review's findings, with the filter, search and sort the page holds. */
export function tableFetch(reviewId: number, query: Record<string, string | undefined>): Fetch {
  return (offset, limit) => apiGet<Slice>(`/reviews/${reviewId}/finding-table`, { ...query, offset, limit });
}

/**
 * The rows of one query, loaded a slice at a time as they scroll into view: the table holds an array as long as the
 * total, with `undefined` where nothing is loaded yet. Everything the page knows of paging is here, so a change of
 * the API's paging (keyset instead of offsets) changes this file only.
 */
export class FindingRows {
  rows: (TableRow | undefined)[] = [];
  total: number | undefined;
  private readonly asked = new Set<number>();

  constructor(
    private readonly fetch: Fetch,
    private readonly changed: () => void,
    private readonly failed: (error: unknown) => void,
  ) {}

  /** Load the slices rows [start, end) fall in that are not loaded or loading. */
  show(start: number, end: number): void {
    for (let slice = Math.floor(start / SLICE); slice * SLICE < Math.max(end, 1); slice++) {
      if (this.asked.has(slice) || (this.total !== undefined && slice * SLICE >= this.total)) continue;
      this.asked.add(slice);
      this.fetch(slice * SLICE, SLICE).then(
        (answer) => {
          if (this.total !== answer.total) {
            this.total = answer.total;
            this.rows.length = answer.total;
          }
          answer.findings.forEach((row, i) => (this.rows[answer.offset + i] = row));
          this.rows = this.rows.slice();
          this.changed();
        },
        (error: unknown) => {
          this.asked.delete(slice);
          this.failed(error);
        },
      );
    }
  }
}
