import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CACHE_DIR, cacheFileFor, readCached, writeCache } from './bundled-cache.ts';
import { parseSourceText, readSourceFile } from './yaml-source.ts';

const applicability = fileURLToPath(new URL('../../data/applicability.yaml', import.meta.url));

describe('the build-time cache of bundled data', () => {
  it.each([
    [applicability, join(CACHE_DIR, 'applicability.yaml.json')],
    [fileURLToPath(new URL('../../data/atlas/ATLAS-5.6.0.yaml', import.meta.url)), join(CACHE_DIR, 'atlas__ATLAS-5.6.0.yaml.json')],
    [join(tmpdir(), 'inventory.yaml'), undefined],
    [fileURLToPath(new URL('../../examples/acme-bank/inventory.yaml', import.meta.url)), undefined],
  ])('%s → %s', (file, cache) => {
    expect(cacheFileFor(file)).toBe(cache);
  });

  it('serves the parsed data while the text is unchanged, and nothing once it changes', async () => {
    const text = await readFile(applicability, 'utf8');
    const parsed = parseSourceText(text, applicability, 'applicability data').data;
    await writeCache(applicability, text, parsed);
    expect(await readCached(applicability, text)).toEqual({ data: parsed });
    expect(await readCached(applicability, `${text}\n# edited`)).toBeUndefined();
    const source = await readSourceFile(applicability, 'applicability data');
    expect(source.data).toEqual(parsed);
    // Positions come from the text on demand, for messages.
    expect(source.locate(['entries', 0])).toEqual(parseSourceText(text, applicability, 'applicability data').locate(['entries', 0]));
  });
});
