import { describe, expect, it } from 'vitest';
import { FindingRows, SLICE, type TableRow } from './source.ts';

const row = (i: number) => ({ id: `a/${i}`, rank: i }) as TableRow;

/** A fake API over `total` rows that records which offsets were asked for. */
function fakeApi(total: number) {
  const asked: number[] = [];
  return {
    asked,
    fetch: async (offset: number, limit: number) => {
      asked.push(offset);
      return { total, offset, findings: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => row(offset + i)) };
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the findings table loads slices as rows come into view', () => {
  it('asks for the first slice, learns the total, and holds undefined where nothing is loaded', async () => {
    const api = fakeApi(1_000);
    const rows = new FindingRows(api.fetch, () => undefined, () => undefined);
    rows.show(0, 40);
    await settle();
    expect(api.asked).toEqual([0]);
    expect(rows.total).toBe(1_000);
    expect(rows.rows).toHaveLength(1_000);
    expect(rows.rows[SLICE - 1]?.rank).toBe(SLICE - 1);
    expect(rows.rows[SLICE]).toBeUndefined();
  });

  it('asks for each slice once, however often its rows are shown, and never past the end', async () => {
    const api = fakeApi(450);
    const rows = new FindingRows(api.fetch, () => undefined, () => undefined);
    rows.show(0, 10);
    await settle();
    rows.show(150, 260);
    rows.show(190, 230);
    rows.show(400, 900);
    await settle();
    expect(api.asked).toEqual([0, SLICE, 2 * SLICE]);
    expect(rows.rows.filter(Boolean)).toHaveLength(450);
  });

  it('asks again for a slice whose request failed', async () => {
    let fail = true;
    const errors: unknown[] = [];
    const rows = new FindingRows(
      async (offset) => {
        if (fail) throw new Error('503');
        return { total: 5, offset, findings: [row(0)] };
      },
      () => undefined,
      (e) => errors.push(e),
    );
    rows.show(0, 5);
    await settle();
    expect(errors).toHaveLength(1);
    fail = false;
    rows.show(0, 5);
    await settle();
    expect(rows.rows[0]?.rank).toBe(0);
  });
});
