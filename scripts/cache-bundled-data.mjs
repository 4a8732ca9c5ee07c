// Part of `npm run build`: writes data/cache/*.json, the parsed content of every bundled YAML data file with the
// hash of its text (see src/util/bundled-cache.ts), so a review does not spend half a second parsing ATLAS.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCache } from '../dist/util/bundled-cache.js';
import { parseSourceText } from '../dist/util/yaml-source.js';

const data = fileURLToPath(new globalThis.URL('../data/', import.meta.url));

function* yamlFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'cache') yield* yamlFiles(join(dir, entry.name));
    else if (/\.ya?ml$/.test(entry.name)) yield join(dir, entry.name);
  }
}

for (const file of yamlFiles(data)) {
  const text = readFileSync(file, 'utf8');
  await writeCache(file, text, parseSourceText(text, file, 'bundled data').data);
}
