import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RampartError } from '../errors.ts';
import { checkInventorySize, parseSize } from './size-limit.ts';

describe('parseSize', () => {
  it.each([
    ['65536', 65_536],
    ['512KB', 512 * 1024],
    ['64MB', 64 * 1024 ** 2],
    ['64 mb', 64 * 1024 ** 2],
    ['1.5GB', 1.5 * 1024 ** 3],
    ['10b', 10],
  ])('%s → %i bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', 'lots', '-1MB', '0', '12TB', 'MB'])('refuses %j as a usage error', (text) => {
    expect(() => parseSize(text)).toThrow(RampartError);
  });
});

describe('checkInventorySize', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  async function inventory(files: Record<string, number>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-size-'));
    dirs.push(dir);
    for (const [name, size] of Object.entries(files)) await writeFile(join(dir, name), 'x'.repeat(size));
    return dir;
  }

  it.each<{ files: Record<string, number>; limit: number; refused: boolean }>([
    { files: { 'a.yaml': 600, 'b.cdx.json': 300 }, limit: 1_000, refused: false },
    { files: { 'a.yaml': 600, 'b.yml': 500 }, limit: 1_000, refused: true },
    // Only inventory files count: a large README or model file beside them does not.
    { files: { 'a.yaml': 100, 'model.bin': 5_000, 'notes.md': 5_000 }, limit: 1_000, refused: false },
  ])('$files against $limit bytes: refused $refused', async ({ files, limit, refused }) => {
    const check = checkInventorySize(await inventory(files), limit);
    if (refused) {
      const error = await check.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RampartError);
      expect((error as RampartError).kind).toBe('usage');
      expect((error as RampartError).describe()).toMatch(/over the limit of .*--max-inventory/s);
    } else await expect(check).resolves.toBeGreaterThan(0);
  });
});
