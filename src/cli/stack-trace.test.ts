import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceStack } from './stack-trace.ts';

// A bundle chunk of two lines and its map: line 1 comes from src/a.ts line 1, line 2 (from column 0) from src/a.ts
// line 10, column 5 ("AASI": generated column +0, source +0, line +9, column +4).
const root = mkdtempSync(join(tmpdir(), 'rampart-stack-'));
mkdirSync(join(root, 'dist'));
const chunk = join(root, 'dist', 'chunk.js');
writeFileSync(chunk, 'export function f() {\n  throw new Error("boom"); }\n//# sourceMappingURL=chunk.js.map\n');
writeFileSync(`${chunk}.map`, JSON.stringify({ version: 3, sources: ['../src/a.ts'], names: [], mappings: 'AAAA;AASI' }));
const unmapped = join(root, 'dist', 'plain.js');
writeFileSync(unmapped, '\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('an internal error is printed at the source lines, not the bundle’s', () => {
  const source = join(root, 'src', 'a.ts');
  it.each([
    ['a file URL frame', `    at f (${pathToFileURL(chunk).href}:2:9)`, `    at f (${source}:10:5)`],
    ['a path frame', `    at async ${chunk}:1:3`, `    at async ${source}:1:1`],
    ['a file without a map', `    at g (${unmapped}:1:1)`, `    at g (${unmapped}:1:1)`],
    ['a file that does not exist', `    at h (/nowhere/gone.js:3:4)`, `    at h (/nowhere/gone.js:3:4)`],
    ["Node's own frames", '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)', '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)'],
  ])('%s', (_, frame, shown) => {
    expect(sourceStack(`Error: boom\n${frame}`)).toBe(`Error: boom\n${shown}`);
  });
});
