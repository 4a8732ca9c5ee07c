import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientSlot, ClientTable } from './client-table.ts';

/** What a table gives for each sighting: the client's count of sightings since its state was made. */
function counts(table: ClientTable<{ n: number }>, clients: readonly string[], slots?: readonly (ClientSlot | undefined)[]): number[] {
  return clients.map((c, i) => ++table.get(c, slots?.[i]).n);
}

describe('ClientTable with the monitor’s client slots', () => {
  it('gives every table, slot or none, the states and evictions of a table without slots', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 1, max: 14 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }),
        (ids, monitorCap, caps, seen) => {
          const clients = ids.map((id) => `client-${id}`);
          // The monitor's own table (its cap may be below the detectors', so it makes a client a new slot meanwhile).
          const monitor = new ClientTable(monitorCap, (c) => new ClientSlot(c));
          const slots = clients.map((c) => monitor.get(c));
          // Six tables (more than a slot lists); each sees a subset of the events, as a detector skips some.
          const tables = caps.map((cap) => ({ withSlots: new ClientTable(cap, () => ({ n: 0 })), alone: new ClientTable(cap, () => ({ n: 0 })) }));
          const got = tables.map(() => [] as number[]);
          const want = tables.map(() => [] as number[]);
          clients.forEach((c, i) => {
            tables.forEach((t, k) => {
              if (k > 0 && !seen[(i + k) % seen.length]) return;
              got[k]?.push(++t.withSlots.get(c, slots[i]).n);
              want[k]?.push(++t.alone.get(c).n);
            });
          });
          expect(got).toEqual(want);
          tables.forEach((t) => {
            expect([t.withSlots.size, t.withSlots.evicted]).toEqual([t.alone.size, t.alone.evicted]);
            expect([...t.withSlots.values()]).toEqual([...t.alone.values()]);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a client in its slot, lists at most four tables, and unlists a client a table evicts', () => {
    const slot = new ClientSlot('a');
    const tables = Array.from({ length: 5 }, () => new ClientTable(1, () => ({ n: 0 })));
    expect(tables.map((t) => counts(t, ['a', 'a'], [slot, slot]))).toEqual(tables.map(() => [1, 2]));
    expect(tables.map((t) => slot.find(t))).toEqual([0, 0, 0, 0, -1]);
    // "b" evicts "a" from the first table: the slot no longer lists it, and "a" comes back as a new client.
    expect(counts(tables[0] as ClientTable<{ n: number }>, ['b', 'a'], [undefined, slot])).toEqual([1, 1]);
    expect((tables[0] as ClientTable<{ n: number }>).evicted).toBe(2);
    expect(slot.find(tables[4] as object)).toBe(-1);
    // A slot given for another client's key is not used.
    expect(counts(tables[1] as ClientTable<{ n: number }>, ['b'], [slot])).toEqual([1]);
    expect(slot.find(tables[1] as object)).toBe(-1);
  });
});
