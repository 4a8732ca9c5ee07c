import { describe, expect, it } from 'vitest';
import { ClientTable, stateBudget } from './client-table.ts';

describe('the client table', () => {
  it('evicts the least recently seen client at its cap', () => {
    const table = new ClientTable<{ n: number }>(2, () => ({ n: 0 }));
    table.get('a').n++;
    table.get('b').n++;
    table.get('a').n++;
    table.get('c');
    expect([...table.values()].map((s) => s.n)).toEqual([2, 0]);
    expect(table.evicted).toBe(1);
  });

  it('keeps the states within a byte budget, evicting the least recently seen, however many clients come', () => {
    // Each state holds an array that grows as its client sends, as kept inputs do: 10 KB after ten queries.
    const budget = stateBudget(0.1, (s: { held: Uint8Array[] }) => s.held.reduce((n, a) => n + a.byteLength, 0));
    const table = new ClientTable<{ held: Uint8Array[] }>(10_000, () => ({ held: [] }), budget);
    for (let round = 0; round < 10; round++) for (let c = 0; c < 1_000; c++) table.get(`client-${c}`).held.push(new Uint8Array(1024));
    const total = [...table.values()].reduce((n, s) => n + budget.of(s), 0);
    expect(table.evictedForMemory).toBeGreaterThan(0);
    // At most what the budget allows, plus what 1,024 lookups since the last check added.
    expect(total).toBeLessThanOrEqual(budget.bytes + 1_024 * (1_024 + 4_096));
    expect(table.size).toBeLessThan(1_000);
  });
});
