import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.ts';

let dir: string;
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('rampart review <folder> with other YAML beside the inventory', { timeout: 900_000 } /* a bound against hangs only */, () => {
  it('reviews the inventory files, says which files it skipped and why, and records them in review.json', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-review-folder-'));
    for (const name of ['inventory.yaml', 'register.yaml']) await copyFile(join('examples/acme-bank', name), join(dir, name));
    await writeFile(join(dir, 'detectors.yaml'), 'detectors:\n  - id: extraction\n    window: 100\n');
    const { code, stdout, stderr } = await runCli('review', dir, '--no-store', '--no-write', '-f', 'json', '--date', '2026-11-01');
    expect(code).toBe(0);
    expect(stderr).toContain('inventory: read inventory.yaml, register.yaml; skipped detectors.yaml (its top level has detectors, none of organisation, assets, controls)');
    const review = JSON.parse(stdout) as { organisation: string; inventory: { files: string[]; skipped: unknown[] } };
    expect(review.organisation).toBe('Acme Bank');
    expect(review.inventory).toMatchObject({ files: ['inventory.yaml', 'register.yaml'], skipped: [{ file: 'detectors.yaml' }] });
  });
});
