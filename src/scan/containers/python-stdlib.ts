import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The standard library's code-running surface, derived from CPython's own sources by
 * `scripts/derive-stdlib-code-surface.py` (a taint walk from each public function's parameters to exec,
 * imports by name, spawns, loads, sockets and writes, through the stdlib call graph) and committed as
 * `data/python-stdlib-code.json`. Loaded once, at the edge, with zod.
 */
export type StdlibCategory = 'exec' | 'import' | 'spawn' | 'deserialise' | 'native' | 'network' | 'write' | 'resolve';

const Surface = z.object({
  python: z.string(),
  generated_by: z.string(),
  exempt: z.record(z.string(), z.string()),
  manual: z.record(z.string(), z.string()),
  functions: z.record(z.enum(['exec', 'import', 'spawn', 'deserialise', 'native', 'network', 'write', 'resolve']), z.array(z.string())),
});
export type StdlibSurface = z.infer<typeof Surface>;

export const STDLIB_SURFACE_FILE = new URL('../../../data/python-stdlib-code.json', import.meta.url);

let loaded: StdlibSurface | undefined;

export function stdlibSurface(): StdlibSurface {
  loaded ??= Surface.parse(JSON.parse(readFileSync(STDLIB_SURFACE_FILE, 'utf8')));
  return loaded;
}

/**
 * Modules whose derived entries are left out of the policy: they compile annotation strings, read
 * source or look names up for introspection (`typing.Optional`, `inspect.signature`,
 * `importlib.util.find_spec`), which every honest modeling file does; what they reach is not code a
 * caller hands them.
 */
const introspection = ['typing.', 'inspect.', 'functools.', 'traceback.', 'argparse.', 'string.', 'operator.', 'importlib.metadata.', 'importlib.abc.', 'importlib.util.find_spec', 'pickle.whichmodule', 'dataclasses.', 'enum.', 'abc.', 'copy.', 'warnings.', 'unittest.', 'collections.', 'linecache.', 'tokenize.', 'pkgutil.walk_packages', 'pkgutil.iter_modules',
  // Judged by the analyser itself with more precision (a constant module name is followed, not flagged).
  'importlib.import_module', 'importlib.__import__'];

export interface StdlibRule {
  level: 'dangerous' | 'suspicious';
  what: string;
  tag?: 'download' | 'load' | 'write';
}

const rules: Record<StdlibCategory, StdlibRule | undefined> = {
  exec: { level: 'dangerous', what: 'runs code it is handed (exec/eval/compile, derived from the stdlib)', tag: 'load' },
  import: { level: 'dangerous', what: 'imports modules named by its input (derived from the stdlib)', tag: 'load' },
  spawn: { level: 'dangerous', what: 'runs a program (derived from the stdlib)' },
  network: { level: 'dangerous', what: 'opens network connections (derived from the stdlib)', tag: 'download' },
  deserialise: { level: 'suspicious', what: 'deserialises a pickle or marshal stream (derived from the stdlib)', tag: 'load' },
  native: { level: 'suspicious', what: 'loads native code (derived from the stdlib)', tag: 'load' },
  write: { level: 'suspicious', what: 'writes or deletes files named by its input (derived from the stdlib)', tag: 'write' },
  resolve: undefined, // getattr by a name it is given: introspection, judged where the name is used
};

let index: Map<string, StdlibRule> | undefined;

/** The rule for a stdlib function (fully qualified, aliases resolved), the most serious category first. */
export function stdlibRule(path: string): StdlibRule | undefined {
  if (!index) {
    index = new Map();
    const order: StdlibCategory[] = ['spawn', 'exec', 'import', 'network', 'native', 'deserialise', 'write'];
    const { functions } = stdlibSurface();
    for (const category of order) {
      for (const name of functions[category] ?? []) {
        if (!index.has(name) && !introspection.some((p) => name.startsWith(p))) index.set(name, rules[category]!);
      }
    }
  }
  return index.get(path);
}
