import { describe, expect, it } from 'vitest';
import { scanBytes } from '../scan-file.ts';
import { dumps, py, type Py } from '../test-support/pickle-writer.ts';

/** The classes of issue 9: callables that call, import, load or evaluate are dangerous whatever their name. */
const g = py.global;
const call = (module: string, name: string, ...args: Py[]) => py.reduce(g(module, name), py.tuple(...args));
const inner = dumps(call('posix', 'system', 'id'), 2);

const dangerous: [string, Py][] = [
  ['numpy __generator_ctor given another callable', call('numpy.random._pickle', '__generator_ctor', 'id', g('posix', 'system'))],
  ['numpy __randomstate_ctor given another callable', call('numpy.random._pickle', '__randomstate_ctor', 'touch /tmp/x', g('builtins', 'exec'))],
  ['numpy __bit_generator_ctor given a class it would instantiate', call('numpy.random._pickle', '__bit_generator_ctor', g('sklearn.utils', 'Foo'))],
  ['numpy __generator_ctor given an unlisted function result', call('numpy.random._pickle', '__generator_ctor', 'x', call('sympy', 'lambdify', 'x', 'x'))],
  ['torch.storage._load_from_bytes (a load)', call('torch.storage', '_load_from_bytes', Uint8Array.of(0x80, 2, 0x4e, 0x2e))],
  ['sympy Matrix re-exported under a framework prefix, given text', call('sklearn.utils.extmath', 'Matrix', '__import__("os").system("id")')],
  ['a prefix-trusted class given text (sympify)', call('scipy.stats._morestats', 'Poly', '__import__("os").system("id")')],
  ['joblib Parallel used as a call engine', py.reduce(call('joblib', 'Parallel'), py.tuple(py.tuple(g('posix', 'system'), py.tuple('id'), py.dict({}))))],
  ['sklearn re-export of joblib Parallel', call('sklearn.utils.parallel', 'Parallel', 2)],
  ['sklearn re-export of joblib delayed', call('sklearn.utils.fixes', 'delayed', g('posix', 'system'))],
  ['pydoc.pipepager', call('pydoc', 'pipepager', 'x', 'sh -c id')],
  ['pydoc.tempfilepager', call('pydoc', 'tempfilepager', 'x', 'id;')],
  ['pydoc.pager', call('pydoc', 'pager', 'x')],
  ['pydoc.locate of os.system', call('pydoc', 'locate', 'os.system')],
  ['doctest.debug_script', call('doctest', 'debug_script', 'import os; os.system("id")')],
  ['doctest.debug_src', call('doctest', 'debug_src', '>>> import os')],
  ['operator.call', call('operator', 'call', g('posix', 'system'), 'id')],
  ['operator.methodcaller chain', py.reduce(call('operator', 'methodcaller', 'system', 'id'), py.tuple(g('os', 'path')))],
  ['operator.attrgetter chain', py.reduce(call('operator', 'attrgetter', 'path.os.system'), py.tuple(g('os', 'path')))],
  ['torch._utils._import_dotted_name', call('torch._utils', '_import_dotted_name', 'os.system')],
  ['torch.package importer', call('torch.package.package_importer', 'PackageImporter', '/tmp/x.pt')],
  ['torch.fx graph loader', call('torch.fx.graph_module', 'reduce_graph_module', py.dict({}), 'import os')],
  ['torch.hub.load', call('torch.hub', 'load', 'evil/repo', 'model')],
  ['torch.ops.load_library', call('torch.ops', 'load_library', '/tmp/x.so')],
  ['torch._ops.ops.load_library (the real object)', call('torch._ops', 'ops.load_library', '/tmp/x.so')],
  ['torch.classes.load_library', call('torch.classes', 'load_library', '/tmp/x.so')],
  ['torch._C loader', call('torch._C', 'import_ir_module', 1)],
  ['logging.config.listen', call('logging.config', 'listen', 9999)],
  ['pandas.eval', call('pandas', 'eval', '__import__("os").system("id")')],
  ['pandas DataFrame.query', call('pandas.core.frame', 'DataFrame.query', '@__import__("os")')],
  ['numexpr.evaluate', call('numexpr', 'evaluate', 'x')],
  ['copyreg.__newobj__ of a dangerous class', call('copyreg', '__newobj__', g('subprocess', 'Popen'), 'id')],
  ['copyreg._reconstructor with a dangerous base', call('copyreg', '_reconstructor', g('builtins', 'object'), g('subprocess', 'Popen'), 'id')],
  ['defaultdict whose factory is a function', call('collections', 'defaultdict', g('builtins', 'breakpoint'))],
  ['functools.partial wrapped in an allowed constructor', call('collections', 'OrderedDict', call('functools', 'partial', g('posix', 'system'), 'id'))],
  ['weakref.finalize', call('weakref', 'finalize', 1, g('posix', 'system'), 'id')],
  ['copy.deepcopy', call('copy', 'deepcopy', 1)],
  ['calling an object built at load time', py.reduce(call('sklearn.pipeline', 'Pipeline'), py.tuple('x'))],
  ['nested pickle from _load_from_bytes scanned', call('torch.storage', '_load_from_bytes', inner)],
];

const notDangerous: [string, Py, 'clean' | 'suspicious'][] = [
  ['numpy Generator as numpy 2 writes it', call('numpy.random._pickle', '__generator_ctor', call('numpy.random._pickle', '__bit_generator_ctor', g('numpy.random._pcg64', 'PCG64'))), 'clean'],
  ['numpy RandomState as numpy 1 writes it', call('numpy.random._pickle', '__randomstate_ctor', 'MT19937', g('numpy.random._pickle', '__bit_generator_ctor')), 'clean'],
  ['a framework class with numbers and arrays (sklearn Tree)', call('sklearn.tree._tree', 'Tree', 4, call('numpy.core.multiarray', '_reconstruct', g('numpy', 'ndarray'), py.tuple(0), 'b'), 1), 'clean'],
  ['pandas dtype from its name', call('pandas.core.dtypes.dtypes', 'PeriodDtype', 'period[D]'), 'clean'],
  ['a user class through copyreg._reconstructor (protocol 0/1)', call('copyreg', '_reconstructor', g('__main__', 'MyModel'), g('builtins', 'object'), null), 'suspicious'],
  ['a user ndarray subclass', call('numpy.core.multiarray', '_reconstruct', g('__main__', 'MyArray'), py.tuple(0), 'b'), 'suspicious'],
  ['defaultdict(list)', call('collections', 'defaultdict', g('builtins', 'list')), 'clean'],
  ['pydoc-like name in a user module', call('mypkg.docs', 'pager_settings', 1), 'suspicious'],
];

describe('code-running callables (issue 9)', () => {
  it.each(dangerous)('%s is dangerous', async (_, value) => {
    const r = await scanBytes(dumps(value, 2));
    expect(r.verdict, JSON.stringify(r.findings.map((f) => [f.level, f.message]))).toBe('dangerous');
  });

  it.each(notDangerous.map(([name, value, verdict]) => [name, verdict, value] as const))('%s is %s', async (_, verdict, value) => {
    const r = await scanBytes(dumps(value, 2));
    expect(r.verdict, JSON.stringify(r.findings.map((f) => [f.level, f.message]))).toBe(verdict);
  });

  it('scans the bytes torch.storage._load_from_bytes loads', async () => {
    const r = await scanBytes(dumps(call('torch.storage', '_load_from_bytes', inner), 2));
    expect(r.findings.some((f) => f.rule === 'pickle/dangerous-call' && f.global === 'os.system' || f.global === 'posix.system')).toBe(true);
  });
});
