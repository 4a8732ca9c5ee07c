import { escapesRoot } from '../containers/zip-reader.ts';
import { classify } from './policy.ts';
import type { CallResult, Global, Value } from './values.ts';

/**
 * What a framework's `__setstate__` does with the state BUILD hands it. Most only store it; scipy.stats
 * distributions (`rv_generic.__setstate__` → `_attach_argparser_methods`) `exec` the `_parse_arg_template`
 * string from the state, which scipy itself writes from the distribution's shape names. A template is
 * accepted only in that generated form: three `def`s whose parameters and return values are names,
 * numbers, `=` and commas — no calls, attributes, quotes other than `moments='mv'`, or other statements.
 */
const names = "[A-Za-z0-9_=, ]*";
const scipyTemplate = new RegExp(
  [
    '^\\s*',
    `def _parse_args\\(self, ${names}\\):\\n    return \\(${names}\\), ${names}\\n\\n`,
    `def _parse_args_rvs\\(self, ${names}, size=None\\):\\n    return self\\._argcheck_rvs\\(${names}, size=size\\)\\n\\n`,
    `def _parse_args_stats\\(self, ${names}, moments='mv'\\):\\n    return \\(${names}\\), ${names}, moments\\n`,
    '\\s*$',
  ].join(''),
);

/**
 * joblib's pre-0.10 array wrapper, still honoured by `joblib.load` (`NumpyUnpickler.load_build`): BUILD
 * on it runs `np.load(os.path.join(folder, state.filename), allow_pickle=True)` — an unpickling of
 * another file. Old joblib wrote that file beside the pickle (scanned as a file of its own); a name
 * that leaves the folder, or is not a constant, unpickles a file nobody scanned.
 */
const joblibFileWrappers = new Set(['joblib.numpy_pickle.NDArrayWrapper', 'joblib.numpy_pickle_compat.NDArrayWrapper']);

/** Why BUILD of `state` on an instance of `className` runs code, or undefined. */
export function setstateBreach(className: string, state: Value): string | undefined {
  if (joblibFileWrappers.has(className)) {
    const filename = field(state, 'filename');
    if (typeof filename !== 'string') return `${className} np.load()s its state's filename with allow_pickle=True, and the state's is not a constant string`;
    if (escapesRoot(filename)) return `${className} np.load()s ${JSON.stringify(filename.slice(0, 200))} with allow_pickle=True, outside the model folder`;
    return undefined;
  }
  if (!className.startsWith('scipy.stats.')) return undefined;
  const template = field(state, '_parse_arg_template');
  if (template === undefined) return undefined;
  if (typeof template !== 'string') return `${className}.__setstate__ execs _parse_arg_template, and the state's is not a constant string`;
  if (!scipyTemplate.test(template)) return `${className}.__setstate__ execs _parse_arg_template, and the state's is not the argument parser scipy generates: ${JSON.stringify(template.slice(0, 120))}`;
  return undefined;
}

/** A dict state's field, or a (dict, slots) tuple's dict field. */
function field(state: Value, key: string): Value | undefined {
  if (state === null || typeof state !== 'object') return undefined;
  if (state.t === 'tuple' && state.items.length === 2) return field(state.items[0]!, key) ?? field(state.items[1]!, key);
  if (state.t !== 'dict') return undefined;
  for (let k = 0; k + 1 < state.items.length; k += 2) if (state.items[k] === key) return state.items[k + 1];
  return undefined;
}

/** The calls that make an instance of their first argument without naming it as the callee. */
const instanceMakers = new Set(['copyreg._reconstructor', 'copyreg.__newobj__', 'copyreg.__newobj_ex__']);

/**
 * The class of the instance a call made, which is what BUILD's `__setstate__` (and joblib's `isinstance`
 * after BUILD) sees: the callee itself (NEWOBJ, REDUCE of a class), or the class handed to
 * `copyreg._reconstructor(cls, object, None)` / `copyreg.__newobj__(cls)`, which protocol 0–1 pickles use.
 */
export function instanceClass(made: CallResult): Global | undefined {
  const callee = made.callee;
  if (callee === null || typeof callee !== 'object' || callee.t !== 'global') return undefined;
  const cls = made.args[0];
  if (instanceMakers.has(classify(callee.module, callee.name).name) && cls !== null && typeof cls === 'object' && cls.t === 'global') return cls;
  return callee;
}
