import { classify } from './policy.ts';
import { allowedValues, frameworkTextExempt } from './policy-lists.ts';
import type { Value } from './values.ts';

/**
 * What an allow-listed callable may receive. A name on the allow list says what the callable *does*
 * with its arguments; these contracts say what those arguments may be, and the host checks the values
 * actually built on the stack at REDUCE/NEWOBJ/INST/OBJ time. Nothing outside a contract is accepted:
 * numpy's `__generator_ctor` calls its second argument, `defaultdict` calls its factory, `_reconstruct`
 * instantiates its first — so those slots take only the named classes or functions, and every other slot
 * takes data (constants, containers of data, out-of-band references, instances made by allowed calls).
 */
export type Slot =
  /** Constants, bytes, containers of data, persistent ids and buffers, objects built by allow-listed calls. */
  | 'data'
  /** An allow-listed class: the callee instantiates it (`cls.__new__`), so it must be one we know builds data. */
  | 'class'
  /** Not checked here: the host judges the call the callee makes with it on the pickle's behalf. */
  | 'judged'
  /** Exactly one of these globals or string constants (or, with `instances`, an object built by an allowed call). */
  | { names: readonly string[]; strings?: readonly string[]; instances?: boolean; data?: boolean };

export interface Contract {
  args: readonly Slot[];
  /** Slot for arguments past `args`; `undefined` means no more arguments are expected. */
  rest?: Slot;
}

const DATA: Contract = { args: [], rest: 'data' };
const bitGenerators = ['MT19937', 'PCG64', 'PCG64DXSM', 'Philox', 'SFC64'];
const bitGeneratorClasses = ['_mt19937.MT19937', '_pcg64.PCG64', '_pcg64.PCG64DXSM', '_philox.Philox', '_sfc64.SFC64'].map((n) => `numpy.random.${n}`);
const bitGenerator: Slot = { names: bitGeneratorClasses, strings: bitGenerators, instances: true };
const bitGeneratorCtor: Slot = { names: ['numpy.random._pickle.__bit_generator_ctor'] };

/** `numpy.dtype(spec, align, copy)`: a spec is data (`'f8'`, a field list) or a numpy scalar type (`numpy.record` for recarrays). */
const dtypeSpec: Slot = { names: ['numpy.record', 'numpy.void'], data: true };

const contracts = new Map<string, Contract>([
  ['numpy.dtype', { args: [dtypeSpec], rest: 'data' }],
  // copyreg: `_reconstructor` runs base.__init__ (judged by the host); `__newobj__` runs cls.__new__(cls, *args).
  ['copyreg._reconstructor', { args: ['class', 'judged', 'data'] }],
  ['copyreg.__newobj__', { args: ['judged'], rest: 'data' }],
  ['copyreg.__newobj_ex__', { args: ['judged', 'data', 'data'] }],
  ['collections.defaultdict', { args: ['class'], rest: 'data' }], // calls its factory on every missing key
  ['torch._tensor._rebuild_from_type_v2', { args: ['judged', 'class', 'judged', 'data'] }], // runs func(*args)
  ['torch._tensor._rebuild_from_type', { args: ['judged', 'class', 'judged', 'data'] }],
  ['torch._utils._rebuild_wrapper_subclass', { args: ['class'], rest: 'data' }],
  ...['numpy.core', 'numpy._core'].map((m) => [`${m}.multiarray._reconstruct`, { args: ['class', 'data', 'data'] }] as const),
  ['numpy.ma.core._mareconstruct', { args: ['class', 'class', 'data', 'data'] }],
  // numpy 2.x: __bit_generator_ctor instantiates any *type* it is given; the other two call their second argument.
  ['numpy.random._pickle.__bit_generator_ctor', { args: [bitGenerator] }],
  ['numpy.random._pickle.__generator_ctor', { args: [bitGenerator, bitGeneratorCtor] }],
  ['numpy.random._pickle.__randomstate_ctor', { args: [bitGenerator, bitGeneratorCtor] }],
  ['pandas.core.indexes.base._new_Index', { args: ['class', 'data'] }], // cls.__new__(cls, **d)
  ...['neighbors._ball_tree', 'neighbors._kd_tree', 'neighbors._binary_tree', 'metrics._dist_metrics'].map((m) => [`sklearn.${m}.newObj`, { args: ['class'] }] as const),
]);

export function contractFor(name: string, short: string): Contract {
  const hit = contracts.get(name);
  if (hit) return hit;
  // Cython's __pyx_unpickle_<Class>(cls, checksum, state) runs <Class>.__new__(cls).
  if (short.startsWith('__pyx_unpickle_')) return { args: ['class'], rest: 'data' };
  return DATA;
}

/** Arguments in `class` slots that are not allow-listed classes: the callee instantiates them. */
export function classSlots(contract: Contract, args: readonly Value[]): Value[] {
  const out: Value[] = [];
  for (let k = 0; k < args.length; k++) {
    const slot = k < contract.args.length ? contract.args[k] : contract.rest;
    if (slot === 'class' && !isAllowedClass(args[k]!)) out.push(args[k]!);
  }
  return out;
}

export interface Breach {
  index: number;
  why: string;
}

/** The first argument that breaks the contract, or undefined. */
export function breach(contract: Contract, args: readonly Value[], kwargs?: Value): Breach | undefined {
  for (let k = 0; k < args.length; k++) {
    const slot = k < contract.args.length ? contract.args[k] : contract.rest;
    if (slot === undefined) continue; // extra arguments fail the call itself (TypeError)
    const why = check(slot, args[k]!);
    if (why) return { index: k, why };
  }
  if (kwargs !== undefined) {
    const why = check('data', kwargs);
    if (why) return { index: -1, why };
  }
  return undefined;
}

function check(slot: Slot, v: Value): string | undefined {
  if (slot === 'judged') return undefined;
  // Another global here is instantiated (`cls.__new__(cls)`): the host judges it as that NEWOBJ (classSlots).
  if (slot === 'class') return isAllowedClass(v) || (v !== null && typeof v === 'object' && v.t === 'global') ? undefined : `${describe(v)} where a class is expected`;
  if (slot === 'data') return dataBreach(v, 0);
  if (slot.data && dataBreach(v, 0) === undefined) return undefined;
  if (typeof v === 'string' && slot.strings?.includes(v)) return undefined;
  if (v !== null && typeof v === 'object' && v.t === 'global' && slot.names.includes(classify(v.module, v.name).name)) return undefined;
  if (slot.instances && v !== null && typeof v === 'object' && v.t === 'call' && isAllowedInstance(v)) return undefined;
  return `${describe(v)} where only ${[...slot.names, ...(slot.strings ?? []).map((s) => JSON.stringify(s))].join(', ')} is accepted`;
}

/** Why `v` is not plain data, or undefined when it is. */
export function dataBreach(v: Value, depth: number): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  switch (v.t) {
    case 'bytes':
    case 'buffer':
    case 'persistent':
    case 'forgotten':
      return undefined;
    case 'tuple':
    case 'list':
    case 'dict':
    case 'set':
    case 'frozenset':
      if (!v.code) return undefined;
      if (depth > 8) return 'a container nested too deeply to check';
      for (const item of v.items) {
        const why = dataBreach(item, depth + 1);
        if (why) return why;
      }
      return undefined;
    case 'global':
      return allowedValues.has(classify(v.module, v.name).name) ? undefined : `a callable (${describe(v)})`;
    case 'module':
      return `a module (${v.name})`;
    case 'call':
      // An instance from an allowed call is data; a partial/attrgetter/methodcaller, or what an unlisted call returned, may be a callable.
      return isAllowedInstance(v) ? undefined : `${describe(v)}, which may be a callable`;
    default:
      return 'a value the scanner cannot name';
  }
}

function isAllowedInstance(v: Extract<Value, { t: 'call' }>): boolean {
  if (v.kind && v.kind !== 'instance') return false;
  const callee = v.callee;
  return callee !== null && typeof callee === 'object' && callee.t === 'global' && callee.via.length === 0 && classify(callee.module, callee.name).tier === 'allowed';
}

export function isAllowedClass(v: Value): boolean {
  if (v === null || typeof v !== 'object' || v.t !== 'global' || v.via.length) return false;
  const c = classify(v.module, v.name);
  if (c.tier !== 'allowed') return false;
  const short = c.name.slice(c.name.lastIndexOf('.') + 1);
  if (/^_?[A-Z]/.test(short) || classModules.has(c.reason) || lowercaseClasses.has(c.name)) return true;
  return c.name.startsWith('numpy.') && numpyScalar.test(short);
}

/** Exact allow entries of these frameworks are all classes (builtins types, datetime, scipy.sparse formats). */
const classModules = new Set(['builtins', 'collections', 'datetime', 'scipy']);
const lowercaseClasses = new Set(['numpy.ndarray', 'numpy.dtype', 'numpy.matrixlib.defmatrix.matrix', 'numpy.matrix', 'numpy.rec.recarray', 'numpy.recarray', 'numpy.record']);
const numpyScalar = /^(?:float|int|uint|complex)\d+$|^(?:bool_|str_|bytes_|void|longdouble|intc|uintc|datetime64|timedelta64)$/;

/**
 * Under a framework prefix a class is trusted by its module path alone, and a module can re-export
 * anything (`from sympy import Matrix`, whose constructor sympifies — evaluates — strings). Such a class
 * may be built from numbers, arrays and instances, but text handed to it may be parsed as code.
 */
export function textBreach(name: string, args: readonly Value[]): string | undefined {
  if (frameworkTextExempt.some((p) => name.startsWith(p))) return undefined;
  for (const a of args) {
    const text = findText(a, 0);
    if (text !== undefined) return `${name} is trusted by its module path only, and is handed the text ${JSON.stringify(text.slice(0, 80))}`;
  }
  return undefined;
}

/**
 * Whether an argument holds a memoized constant the memo did not keep (past its byte budget): it may be
 * text, and for a class trusted by its path only, text decides the verdict.
 */
export function holdsForgotten(args: readonly Value[], depth = 0): boolean {
  return args.some((v) => v !== null && typeof v === 'object' && (v.t === 'forgotten' || (depth < 3 && (v.t === 'tuple' || v.t === 'list' || v.t === 'set' || v.t === 'frozenset' || v.t === 'dict') && holdsForgotten(v.items, depth + 1))));
}

function findText(v: Value, depth: number): string | undefined {
  if (typeof v === 'string') return v;
  if (v === null || typeof v !== 'object' || depth > 3) return undefined;
  if (v.t === 'tuple' || v.t === 'list' || v.t === 'set' || v.t === 'frozenset' || v.t === 'dict') {
    // A dict's keys name fields or keyword arguments; its values are what a constructor would parse.
    const step = v.t === 'dict' ? 2 : 1;
    for (let k = v.t === 'dict' ? 1 : 0; k < v.items.length; k += step) {
      const hit = findText(v.items[k]!, depth + 1);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

function describe(v: Value): string {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? JSON.stringify(v.slice(0, 60)) : String(v);
  if (v.t === 'global') return `${v.module}.${v.name}`;
  if (v.t === 'module') return `module ${v.name}`;
  if (v.t === 'call') {
    const c = v.callee;
    const name = c !== null && typeof c === 'object' && c.t === 'global' ? `${c.module}.${c.name}` : 'a computed value';
    return v.kind && v.kind !== 'instance' ? `a ${v.kind} built from ${name}` : `the result of ${name}(…)`;
  }
  return `a ${v.t}`;
}
