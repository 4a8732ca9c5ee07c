import { describe, expect, it } from 'vitest';
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
});
