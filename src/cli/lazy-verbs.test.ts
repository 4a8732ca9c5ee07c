import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './main.ts';
import { VERBS } from './verbs.ts';

const run = promisify(execFile);
const HEAVY = ['onnxruntime-node', '7z-wasm', 'h5wasm', '@electric-sql/pglite', '/node_modules/pg/', '/src/store/', '/src/scan/', '/src/assess/', 'zod'];

/** The module URLs a child process resolves for one command line, recorded by a resolve hook. */
async function modulesLoadedBy(argv: string[]): Promise<{ modules: string[]; stdout: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-imports-'));
  const log = join(dir, 'imports.log');
  try {
    const hook = new URL('./test-support/record-imports.mjs', import.meta.url).pathname;
    const bin = new URL('./bin.ts', import.meta.url).pathname;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--import', hook, bin, ...argv], { env: { ...process.env, IMPORT_LOG: log, NO_COLOR: '1' } });
    return { modules: (await readFile(log, 'utf8')).split('\n').filter(Boolean), stdout };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the CLI loads a verb only when it runs', () => {
  it.each(['--help', '--version'])('`rampart %s` is answered before commander or the program loads (fast-path.ts)', async (flag) => {
    const { modules, stdout } = await modulesLoadedBy([flag]);
    expect(modules.some((m) => m.endsWith('/cli/fast-path.ts'))).toBe(true);
    for (const heavy of [...HEAVY, '/node_modules/commander/', '/cli/main.ts']) expect(modules.filter((m) => m.includes(heavy))).toEqual([]);
    expect(stdout).toContain(flag === '--help' ? 'review' : '.');
  });

  it('`rampart help` loads the program but none of the heavy modules', async () => {
    const { modules, stdout } = await modulesLoadedBy(['help']);
    expect(modules.some((m) => m.endsWith('/cli/main.ts'))).toBe(true);
    for (const heavy of HEAVY) expect(modules.filter((m) => m.includes(heavy))).toEqual([]);
    expect(stdout).toContain('review');
  });

  it('`rampart atlas show` loads the atlas verb but not the store or the scanner', async () => {
    const { modules, stdout } = await modulesLoadedBy(['atlas', 'show', 'AML.T0051']);
    expect(stdout).toContain('AML.T0051');
    expect(modules.some((m) => m.endsWith('/cli/atlas.ts'))).toBe(true);
    for (const heavy of ['@electric-sql/pglite', '/src/store/', '/src/scan/', 'onnxruntime-node']) expect(modules.filter((m) => m.includes(heavy))).toEqual([]);
  });

  it('`rampart monitor` on a file with a preset loads the monitor checks, not the others, YAML or the data readers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-monitor-imports-'));
    try {
      const log = join(dir, 'log.jsonl');
      await writeFile(log, '{"client":"k","request":{"instances":[[1,2]]}}\n');
      const { modules, stdout } = await modulesLoadedBy(['monitor', log, '--mapping', 'kserve', '--format', 'json']);
      expect(JSON.parse(stdout)).toMatchObject({ stats: { events: 1 } });
      expect(modules.some((m) => m.endsWith('/checks/monitor/registry.ts'))).toBe(true);
      for (const heavy of ['/checks/registry.ts', '/checks/llm-app/', '/checks/prediction-api/', '/src/scan/', '/src/attacks/', '/src/data/readers/', '/node_modules/yaml/', '@electric-sql/pglite']) {
        expect(modules.filter((m) => m.includes(heavy))).toEqual([]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each(VERBS.map((v) => [v.name, v]))('lists `%s` with the description its module registers', async (_, verb) => {
    const program = await buildProgram([verb.name]);
    const loaded = program.commands.find((c) => c.name() === verb.name);
    expect((loaded?.options.length ?? 0) + (loaded?.commands.length ?? 0)).toBeGreaterThan(0); // the real command, not the placeholder
    expect(loaded?.description()).toBe(verb.description);
  });
});
