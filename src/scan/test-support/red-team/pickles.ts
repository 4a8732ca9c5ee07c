import { dumps, Ops, py } from '../pickle-writer.ts';
import { MARKER, type RedTeamCase } from './types.ts';

/**
 * Pickles that reach a callable by a path a name-based scanner does not see: names computed at load
 * time and fed to STACK_GLOBAL, callables hidden behind allowed-looking helpers, and the opcodes that
 * call (INST, OBJ, BUILD through `__setstate__`, EXT1). Each hand-built hostile stream but the torch one
 * (torch is not installed here) was run with CPython 3.11's `pickle.loads` and ran its payload; the gadget
 * table is not run (it would run what it names).
 */
const enc = new TextEncoder();

/** `callee(*args)`: pushes the callee, then MARK args TUPLE REDUCE. */
function call(o: Ops, callee: (o: Ops) => Ops, ...args: ((o: Ops) => Ops)[]): Ops {
  callee(o).mark();
  for (const a of args) a(o);
  return o.tuple().reduce();
}
const sg = (module: string, name: string) => (o: Ops) => o.str(module).str(name).stackGlobal();
const s = (text: string) => (o: Ops) => o.str(text);
const b = (text: string) => (o: Ops) => o.binbytes(enc.encode(text));
const list = (...items: string[]) => (o: Ops) => { o.emptyList().mark(); for (const i of items) o.str(i); return o.appends(); };

/** Computes `module` and `name` with `part`, imports them with STACK_GLOBAL and calls the result with the marker. */
function computedImport(part: (o: Ops, text: string) => Ops): Uint8Array {
  const o = new Ops().proto(4);
  part(o, 'os');
  part(o, 'system');
  return o.stackGlobal().str(MARKER).tuple1().reduce().stop().bytes();
}

const viaStr = (o: Ops, text: string) => call(o, sg('builtins', 'str'), b(text), s('latin1'));
const viaRot13 = (o: Ops, text: string) => call(o, sg('codecs', 'decode'), s(rot13(text)), s('rot13'));
const viaJoin = (o: Ops, text: string) => call(o, (x) => call(x, sg('builtins', 'getattr'), s(''), s('join')), list(...text.split('')));
const viaDecode = (o: Ops, text: string) => call(o, (x) => call(x, sg('builtins', 'getattr'), b(text), s('decode')));

function rot13(text: string): string {
  return text.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97));
}

const g = py.global;
const reduce = (module: string, name: string, ...args: Parameters<typeof py.tuple>) => py.reduce(g(module, name), py.tuple(...args));

/** `_reconstruct(cls, (0,), b'b')` then BUILD with `(1, shape, dtype, fortran, raw)`: how numpy pickles an array subclass. */
function numpyArray(module: string, cls: string, dtype: Parameters<typeof py.tuple>[number]) {
  return py.reduce(g('numpy.core.multiarray', '_reconstruct'), py.tuple(g(module, cls), py.tuple(0), Uint8Array.of(0x62)), { state: py.tuple(1, py.tuple(1), dtype, false, new Uint8Array(8)) });
}

/** Callables that run code, load code or reach processes, files and the network, with the arguments an attacker passes. */
const gadgets: [string, string, ...string[]][] = [
  ['pydoc', 'locate', 'os.system'], ['runpy', 'run_path', '/tmp/x.py'], ['runpy', 'run_module', 'x'], ['code', 'InteractiveInterpreter'], ['code', 'interact'],
  ['codeop', 'compile_command', '1'], ['ctypes', 'CDLL', 'libc.so.6'], ['_ctypes', 'dlopen', 'x.so'], ['shutil', 'rmtree', '/'], ['webbrowser', 'open', 'http://x'],
  ['asyncio', 'create_subprocess_shell', MARKER], ['asyncio.unix_events', '_UnixSubprocessTransport'], ['importlib', 'import_module', 'os'],
  ['importlib.machinery', 'SourceFileLoader', 'x', '/tmp/x.py'], ['_posixsubprocess', 'fork_exec'], ['pty', 'spawn', 'sh'], ['subprocess', 'getoutput', MARKER],
  ['commands', 'getoutput', MARKER], ['os', 'popen', MARKER], ['numpy.testing._private.utils', 'runstring', 'import os', '{}'], ['numpy.f2py', 'compile', 'x'],
  ['torch.utils.collect_env', 'run', MARKER], ['torch.utils.cpp_extension', 'load_inline', 'x', 'x'], ['torch._inductor.codecache', 'PyCodeCache'],
  ['torch.fx.graph_module', '_forward_from_src', 'import os'], ['pip', 'main', 'install'], ['ensurepip', '_run_pip', 'x'], ['timeit', 'timeit', 'import os'],
  ['cProfile', 'run', 'import os'], ['pdb', 'run', 'import os'], ['idlelib.pyshell', 'main'], ['site', 'addsitedir', '/tmp'], ['logging.config', 'fileConfig', '/tmp/x'],
  ['uuid', '_get_command_stdout', 'id'], ['_osx_support', '_read_output', 'id'], ['platform', '_syscmd_file', 'x'], ['ctypes.util', 'find_library', 'c'],
  ['distutils.spawn', 'spawn', 'x'], ['zipimport', 'zipimporter', '/tmp/x.zip'], ['multiprocessing.util', 'spawnv_passfds', 'x'], ['types', 'CodeType'],
  ['marshal', 'loads', 'x'], ['builtins', 'compile', '1', 'x', 'eval'], ['builtins', '__import__', 'os'], ['builtins', 'breakpoint'], ['_operator', 'methodcaller', 'system', MARKER],
  ['functools', 'partial'], ['pandas', 'read_pickle', '/tmp/x'], ['pandas', 'eval', 'x'], ['numpy', 'load', '/tmp/x'], ['joblib', 'load', '/tmp/x'], ['torch', 'load', '/tmp/x'],
  ['keras.models', 'load_model', '/tmp/x'], ['sympy', 'sympify', 'x'], ['yaml', 'load', 'x'], ['jinja2', 'Template', 'x'], ['numexpr', 'evaluate', 'x'],
  ['setuptools.sandbox', 'run_setup', '/tmp/setup.py'], ['sys', 'settrace'], ['weakref', 'finalize'], ['copyreg', 'add_extension', 'os', 'system', '7'],
];

export function pickleCases(): RedTeamCase[] {
  const hostile = (name: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'pickle', file: `${name}.pkl`, bytes, expect: 'dangerous', how });
  const benign = (name: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'pickle', file: `${name}.pkl`, bytes, expect: 'clean', how });
  return [
    ...gadgets.map(([module, name, ...args]) => hostile(`gadget-${module}.${name}`, dumps(reduce(module, name, ...args), 4), `${module}.${name}(${args.join(', ')})`)),
    hostile('stack-global-str-of-bytes', computedImport(viaStr), "STACK_GLOBAL(str(b'os', 'latin1'), str(b'system', 'latin1'))"),
    hostile('stack-global-rot13', computedImport(viaRot13), "STACK_GLOBAL(codecs.decode('bf', 'rot13'), …)"),
    hostile('stack-global-join', computedImport(viaJoin), "STACK_GLOBAL(''.join(['o', 's']), …)"),
    hostile('stack-global-bytes-decode', computedImport(viaDecode), "STACK_GLOBAL(b'os'.decode(), …)"),
    hostile('rebuild-from-type-func', dumps(reduce('torch._tensor', '_rebuild_from_type', g('os', 'system'), g('torch', 'Tensor'), py.tuple(MARKER), py.dict({})), 2), 'torch._tensor._rebuild_from_type calls func(*args)'),
    hostile('inst-opcode', new Ops().mark().string0(MARKER).inst('os', 'system').stop().bytes(), 'INST os system'),
    hostile('obj-opcode', new Ops().proto(2).mark().global('posix', 'system').str(MARKER).obj().stop().bytes(), 'OBJ posix.system'),
    hostile('build-setstate-injection', new Ops().proto(4).str('argparse').str('Namespace').stackGlobal().emptyTuple().newobj().none().emptyDict().str('__setstate__').str('os').str('system').stackGlobal().setitem().tuple2().build().str(MARKER).build().stop().bytes(), 'BUILD puts os.system in the instance as __setstate__, the next BUILD calls it'),
    hostile('ext1-registered', new Ops().proto(2).global('copyreg', 'add_extension').mark().str('os').str('system').int(7).tuple().reduce().pop().op(0x82, [7]).mark().str(MARKER).tuple().reduce().stop().bytes(), 'copyreg.add_extension then EXT1 7'),
    hostile('nested-loads-codecs-encode', dumps(py.reduce(g('pickle', 'loads'), py.tuple(reduce('_codecs', 'encode', new TextDecoder('latin1').decode(dumps(reduce('os', 'system', MARKER), 2)), 'latin1'))), 4), 'pickle.loads(_codecs.encode(text, "latin1"))'),
    hostile('getattr-path-write-text', dumps(py.reduce(reduce('builtins', 'getattr', reduce('pathlib', 'PosixPath', '/tmp/rampart-red-team'), 'write_text'), py.tuple('x')), 2), 'getattr(Path(p), "write_text")(data)'),
    hostile('protocol-0-cut-after-reduce', enc.encode(`cos\nsystem\n(S'${MARKER}'\ntR`), 'a text pickle that stops right after REDUCE'),
    benign('torch-tensor-rebuild', dumps(py.dict({ weight: reduce('torch._utils', '_rebuild_tensor_v2', py.persid(py.tuple('storage', g('torch', 'FloatStorage'), '0', 'cpu', 4)), 0, py.tuple(2, 2), py.tuple(2, 1), false, reduce('collections', 'OrderedDict')) }), 2), 'a state dict of one tensor'),
    benign('numpy-2-recarray', dumps(numpyArray('numpy.rec', 'recarray', py.reduce(g('numpy', 'dtype'), py.tuple(g('numpy', 'record'), false, true), { state: py.tuple(3, '|', null, py.tuple('a'), py.dict({ a: py.tuple(py.reduce(g('numpy', 'dtype'), py.tuple('i4', false, true)), 0) }), 4, 1, 16) })), 2), 'np.rec.array pickled by numpy 2 (dtype of numpy.record)'),
    benign('numpy-2-matrix', dumps(numpyArray('numpy', 'matrix', py.reduce(g('numpy', 'dtype'), py.tuple('f8', false, true))), 2), 'np.matrix pickled by numpy 2 (public name)'),
    benign('python-2-names', dumps(py.dict({ r: reduce('__builtin__', 'xrange', 0, 3, 1), s: reduce('__builtin__', 'unicode', 'x'), n: reduce('__builtin__', 'long', 5) }), 2), 'range, str and int under the Python 2 names protocol 2 writes'),
    benign('protocol-0-dict', enc.encode("(dp0\nS'name'\np1\nS'tiny'\np2\ns."), 'a protocol-0 dict'),
  ];
}
