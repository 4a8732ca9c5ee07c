import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collect } from './sink.ts';
import { withSpill, type Spill } from './spill.ts';

describe('a spill', () => {
  it('gives back its records as written, across chunk boundaries and multi-byte characters', async () => {
    // Records up to ~200 kB, so some span several 64 kB chunks of the file, and characters of 2-4 bytes split by them.
    const records = Array.from({ length: 40 }, (_, i) => `{"i": ${i},\n  "s": "${'é€𝄞x'.repeat(i * i * 40)}"}`);
    records.push('');
    const back = await withSpill(async (spill) => {
      for (const r of records) await spill.record(r);
      const read: string[] = [];
      for await (const r of spill.records()) read.push(r);
      return read;
    });
    expect(back).toEqual(records);
  });

  it('copies its text into another sink', async () => {
    const text = await withSpill(async (spill) => {
      await spill.sink.write('<a>\n');
      await spill.sink.write('ü'.repeat(100_000));
      return collect((out) => spill.copyTo(out));
    });
    expect(text).toBe(`<a>\n${'ü'.repeat(100_000)}`);
  });

  it('removes its file however the work ends', async () => {
    let kept: Spill | undefined;
    const folder = (spill: Spill) => (spill as unknown as { folder: string }).folder;
    await expect(
      withSpill(async (spill) => {
        kept = spill;
        await spill.record('x');
        expect(existsSync(folder(spill))).toBe(true);
        throw new Error('writer failed');
      }),
    ).rejects.toThrow('writer failed');
    expect(kept && existsSync(folder(kept))).toBe(false);
  });
});
