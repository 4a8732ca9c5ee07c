import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadAtlas } from '../atlas/load.ts';
import type { TechniqueId } from '../atlas/ids.ts';
import type { TargetKind } from './contract.ts';
import { checks } from './registry.ts';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const TARGET_KINDS: readonly TargetKind[] = ['model-file', 'inference-endpoint', 'prediction-api', 'chat-api', 'software', 'dataset', 'log-stream'];

/** `family/name` of every folder src/checks/<family>/<name>/ that holds an index.ts: what the registry must list. */
async function checkFolders(): Promise<string[]> {
  const folders: string[] = [];
  for (const family of await readdir(ROOT, { withFileTypes: true })) {
    if (!family.isDirectory()) continue;
    for (const name of await readdir(join(ROOT, family.name), { withFileTypes: true })) {
      if (name.isDirectory() && existsSync(join(ROOT, family.name, name.name, 'index.ts'))) folders.push(`${family.name}/${name.name}`);
    }
  }
  return folders.sort();
}

const folders = await checkFolders();

describe('the registry equals the check folders', () => {
  it('lists exactly the folders that hold an index.ts', () => {
    expect(checks.map((c) => c.id).sort()).toEqual(folders);
  });

  it('has unique ids', () => {
    const ids = checks.map((c) => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it.each(folders)('%s/index.ts exports the declaration the registry lists under its folder name', async (folder) => {
    // A computed path on purpose: the test must see folders nobody has registered yet.
    const module = (await import(/* @vite-ignore */ pathToFileURL(join(ROOT, folder, 'index.ts')).href)) as Record<string, unknown>;
    const declared = Object.values(module).filter((value) => checks.includes(value as (typeof checks)[number]));
    expect(declared.map((d) => (d as { id: string }).id)).toEqual([folder]);
  });
});

describe.each(checks.map((c) => [c.id, c] as const))('%s', (id, check) => {
  it('names techniques of the bundled ATLAS release', async () => {
    const atlas = await loadAtlas();
    expect(check.techniques.length).toBeGreaterThan(0);
    expect(check.techniques.filter((t) => !atlas.techniques.has(t as TechniqueId))).toEqual([]);
    expect(new Set(check.techniques).size).toBe(check.techniques.length);
  });

  it('has a README.md, a title, a summary and a known target kind', () => {
    expect(existsSync(join(ROOT, id, 'README.md'))).toBe(true);
    expect(check.title.trim()).not.toBe('');
    expect(check.summary.trim()).not.toBe('');
    expect(TARGET_KINDS).toContain(check.targetKind);
  });

  it('has examples that parse against its params schema', () => {
    expect(check.examples.length).toBeGreaterThan(0);
    for (const example of check.examples) {
      const parsed = (check.params as z.ZodType).safeParse(example.params);
      expect(parsed.error?.issues ?? [], example.title).toEqual([]);
    }
  });

  it('has params that render to JSON Schema, and an evidence schema', () => {
    const schema = z.toJSONSchema(check.params as z.ZodType, { io: 'input' });
    expect(schema.type).toBe('object');
    expect(check.evidence).toBeInstanceOf(z.ZodType);
  });
});
