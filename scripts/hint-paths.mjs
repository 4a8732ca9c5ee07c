// The repository files Rampart's messages and help point users to (`see src/attacks/README.md`, `docs/checks.md`):
// every one must ship in the npm package. Read from the sources' string literals, comments left out.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PATH = /(?:docs|schemas|examples|data|src)\/[\w./-]+\.(?:md|json|yaml)/g;

export function hintPaths(root) {
  const found = new Set();
  for (const file of sources(join(root, 'src'))) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const code = line.trim();
      if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*') || code.startsWith('import ')) continue;
      // Only paths inside string literals: quotes or backticks before them on the line.
      for (const match of code.matchAll(PATH)) if (/['"`]/.test(code.slice(0, match.index))) found.add(match[0]);
    }
  }
  // URLs that merely contain such a path (a schema's $id) are not files a user opens.
  return [...found].filter((p) => !p.includes('://')).sort();
}

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test-support' && entry.name !== '__fixtures__') yield* sources(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield path;
  }
}

