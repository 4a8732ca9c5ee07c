// `npm run bench [name…]`: runs every bench/*.bench.ts (or those whose file name contains a given word)
// one after another, so their timings do not compete for the machine's cores.
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const dir = import.meta.dirname;
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((word) => f.includes(word)))
  .sort();

for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}\n`);
  const module = (await import(pathToFileURL(join(dir, file)).href)) as { run: () => Promise<void> };
  await module.run();
}
