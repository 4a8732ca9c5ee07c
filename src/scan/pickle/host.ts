import { report, type ScanContext } from '../context.ts';
import { bufferSource, sliceSource, type ByteSource } from '../source.ts';
import type { Level } from '../types.ts';
import type { Cursor } from './cursor.ts';
import { evaluateDecoder } from './decode.ts';
import { noteDtypeState, skipJoblibArray } from './joblib-array.ts';
import type { Machine } from './machine.ts';
import type { At, MachineHost } from './machine-types.ts';
import { breach, classSlots, contractFor, holdsForgotten, textBreach } from './contracts.ts';
import { instanceClass, setstateBreach } from './setstate.ts';
import { classify, isFrameworkFunction, type Classification } from './policy.ts';
import { FORGOTTEN, UNKNOWN, qualified, render, type CallResult, type Global, type Module, type Value } from './values.ts';
import type { RuleId } from '../rules.ts';

interface ImportRecord {
  at: At;
  c: Classification;
  called: boolean;
  /** Handed to an allowed callable as an argument: it may call it, so it is never downgraded to a reference. */
  argument?: boolean;
}

/**
 * The machine's host: applies the policy to what the pickle imports and calls, follows resolver chains
 * (getattr, importlib, pkgutil.resolve_name, attrgetter, methodcaller, partial), decodes constants and
 * scans nested payloads. Findings go to the scan context; imports never called are reported at `finish`.
 */
export class PickleHost implements MachineHost {
  private imports = new Map<string, ImportRecord>();
  private reported = new Set<string>();
  /** Imports and calls seen: a sniffed file with none is not treated as a pickle. */
  events = 0;
  /** joblib arrays whose raw bytes were stepped over: `pickle.load` reads those bytes as opcodes. */
  joblibRawArrays = 0;

  /** `plain`: read as `pickle.load` reads, which knows nothing of joblib's raw array bytes. */
  constructor(
    private readonly ctx: ScanContext,
    private readonly source: ByteSource,
    private readonly plain = false,
  ) {}

  import(g: Global, at: At): void {
    const c = classify(g.module, g.name);
    if (/^[A-Za-z_][\w.]*$/.test(g.module.trim())) this.events++;
    const seen = this.imports.get(c.name);
    if (!seen) this.imports.set(c.name, { at, c, called: false });
  }

  call(callee: Value, args: Value[], at: At, kwargs?: Value): Value {
    this.events++;
    if (callee === null || typeof callee !== 'object') return this.notCallable(callee, at);
    switch (callee.t) {
      case 'global':
        return this.callGlobal(callee, args, at, kwargs);
      case 'call':
        return this.callResult(callee, args, at);
      case 'unknown':
        this.emit('pickle/unresolved-call', `${at.opcode} calls a value the scanner cannot name`, at, { args: renderArgs(args) });
        return UNKNOWN;
      case 'module':
        return this.notCallable(callee, at);
      default:
        return this.notCallable(callee, at);
    }
  }

  build(target: Value, state: Value, at: At, cur: Cursor, machine: Machine): void {
    if (target !== null && typeof target === 'object') {
      if (target.t === 'global' || target.t === 'module') {
        this.emit('pickle/global-mutation', `BUILD sets attributes on ${qualified(target)} itself`, at, { global: qualified(target), args: render(state) });
        return;
      }
      const cls = target.t === 'call' ? instanceClass(target) : undefined;
      if (cls) {
        const name = classify(cls.module, cls.name).name;
        const exec = setstateBreach(name, state);
        if (exec) this.emit('pickle/dangerous-call', `BUILD runs ${exec}`, at, { global: name, args: render(state) });
        if (name === 'joblib.numpy_pickle.NumpyArrayWrapper' || name === 'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper') {
          // `pickle.load` reads on through the array's bytes; only joblib steps over them.
          if (!this.plain && skipJoblibArray(state, cur, machine, this, at)) this.joblibRawArrays++;
        } else if (name === 'numpy.dtype') noteDtypeState(target, state);
      }
    }
  }

  mutate(target: Value, at: At): void {
    if (target !== null && typeof target === 'object' && (target.t === 'global' || target.t === 'module')) {
      this.emit('pickle/global-mutation', `${at.opcode} modifies ${qualified(target)}`, at, { global: qualified(target) });
    }
  }

  /**
   * STACK_GLOBAL on operands that are not constant strings. A pickler always writes the names it imports;
   * names computed at load time (`str(b'os', 'latin1')`, `''.join([...])`, a decoded constant) make the
   * loader import whatever the computation yields, which is only ever done to hide the name: dangerous.
   * Other constants (ints, bytes) make CPython refuse the stream.
   */
  computedImport(module: Value, name: Value, at: At): void {
    const computed = [module, name].some((v) => v !== null && typeof v === 'object' && (v.t === 'call' || v.t === 'unknown'));
    if (!computed) return this.anomaly('pickle/unresolved-call', 'STACK_GLOBAL operands are not constant strings', at);
    this.events++;
    this.emit('pickle/unresolved-call', `STACK_GLOBAL imports a name computed at load time (${render(module, 60)}, ${render(name, 60)}): the loader imports whatever the computation yields`, at, {
      args: `${render(module, 60)}, ${render(name, 60)}`,
      level: 'dangerous',
    });
  }

  anomaly(rule: RuleId, message: string, at: At): void {
    const key = `${rule}`;
    if ((rule === 'pickle/persistent-id' || rule === 'pickle/frame-mismatch') && this.reported.has(key)) return;
    this.reported.add(key);
    if (rule === 'pickle/unresolved-call') this.events++;
    report(this.ctx, rule, message, { offset: at.offset, opcode: at.opcode });
  }

  /** Reports imports that were never called (calls were reported where they happened). */
  finish(): void {
    for (const record of this.imports.values()) {
      const { at, c, called } = record;
      if (called) continue;
      if (c.tier === 'dangerous') this.emit('pickle/dangerous-global', `imports ${c.name} (${c.reason})`, at, { global: c.name });
      else if (c.tier === 'unknown' && !record.argument && isFrameworkFunction(c.name)) this.emit('pickle/function-reference', `references ${c.name} (a framework function; the pickle never calls it)`, at, { global: c.name });
      else if (c.tier === 'suspicious' || c.tier === 'unknown' || c.tier === 'decoder') this.emit('pickle/unknown-global', `imports ${c.name} (${c.reason})`, at, { global: c.name });
      else if (c.tier === 'resolver' || c.tier === 'loader') this.emit('pickle/resolver-chain', `imports ${c.name} (${c.reason})`, at, { global: c.name, level: 'suspicious' });
    }
    this.imports.clear();
  }

  private callGlobal(g: Global, args: Value[], at: At, kwargs?: Value): Value {
    const c = classify(g.module, g.name);
    const record = this.imports.get(c.name);
    if (record) record.called = true;
    const via = g.via.length ? { via: g.via } : {};
    const argText = renderArgs(args, kwargs);
    const result: CallResult = { t: 'call', callee: g, args };
    switch (c.tier) {
      case 'allowed': {
        const broken = this.checkContract(c, g, args, at, kwargs);
        if (broken) {
          this.emit('pickle/dangerous-call', `${at.opcode} calls ${c.name}(${argText}) — ${broken}`, at, { global: c.name, args: argText, ...via });
          return result;
        }
        if (c.newObjectOnly && !at.opcode.startsWith('NEWOBJ')) {
          this.emit('pickle/unknown-global', `${at.opcode} calls ${c.name}(${argText}) — runs its __init__, which may do I/O (only NEWOBJ is expected)`, at, { global: c.name, args: argText, ...via, level: 'suspicious' });
          return result;
        }
        if (c.name === '_codecs.encode' || c.name === 'codecs.encode') return this.special(c.name, args, at, result);
        this.markArguments(args);
        if (c.name === 'torch._tensor._rebuild_from_type_v2' || c.name === 'torch._tensor._rebuild_from_type') {
          // torch runs func(*args) here: judge that call as if the pickle made it.
          this.call(args[0] ?? UNKNOWN, items(args[2]), { offset: at.offset, opcode: `${at.opcode} → ${c.name}` });
        } else if (c.name === 'copyreg._reconstructor' && !isObjectBase(args[1])) {
          // copyreg runs base.__init__(obj, state) when base is not object.
          const obj: CallResult = { t: 'call', callee: args[0] ?? UNKNOWN, args: [], kind: 'instance' };
          this.call(args[1] ?? UNKNOWN, [obj, args[2] ?? null], { offset: at.offset, opcode: `${at.opcode} → ${c.name}` });
        } else if (c.name === 'copyreg.__newobj__' || c.name === 'copyreg.__newobj_ex__') {
          // cls.__new__(cls, *args): judged as the NEWOBJ it stands for (a class's __new__ may be its constructor).
          const rest = c.name === 'copyreg.__newobj__' ? args.slice(1) : items(args[1]);
          this.call(args[0] ?? UNKNOWN, rest, { offset: at.offset, opcode: `NEWOBJ (${at.opcode} → ${c.name})` }, c.name === 'copyreg.__newobj_ex__' ? args[2] : undefined);
        }
        if (g.via.length) this.emit('pickle/resolver-chain', `calls ${c.name}, reached through ${g.via.join(' → ')}`, at, { global: c.name, args: argText, ...via, level: 'suspicious' });
        return result;
      }
      case 'dangerous':
        this.emit('pickle/dangerous-call', `${at.opcode} calls ${c.name}(${argText}) — ${c.reason}`, at, { global: c.name, args: argText, ...via });
        return result;
      case 'resolver':
        return this.resolve(c.name, g, args, at, argText);
      case 'loader':
        this.emit('pickle/nested-pickle', `${at.opcode} calls ${c.name} on embedded bytes`, at, { global: c.name, args: argText, ...via });
        return this.special(c.name, args, at, result);
      case 'decoder':
        this.emit('pickle/unknown-global', `${at.opcode} calls ${c.name}(${argText})`, at, { global: c.name, args: argText, ...via });
        return this.special(c.name, args, at, result);
      default:
        this.emit(g.via.length ? 'pickle/resolver-chain' : 'pickle/unknown-global', `${at.opcode} calls ${c.name}(${argText}) — ${c.reason}`, at, { global: c.name, args: argText, ...via, level: 'suspicious' });
        return result;
    }
  }

  /** Why the arguments built on the stack break the callee's contract (contracts.ts), or undefined. */
  private checkContract(c: Classification, g: Global, args: Value[], at: At, kwargs?: Value): string | undefined {
    const short = g.name.slice(g.name.lastIndexOf('.') + 1);
    const contract = contractFor(c.name, short);
    for (const cls of classSlots(contract, args)) this.call(cls, [], { offset: at.offset, opcode: `NEWOBJ (${at.opcode} → ${c.name})` });
    const broken = breach(contract, args, kwargs);
    if (broken) return `${c.name} is allowed only with data, and ${broken.index < 0 ? 'its keyword arguments hold' : `argument ${broken.index + 1} is`} ${broken.why}`;
    const bare = at.opcode.startsWith('NEWOBJ') && args.length === 0 && kwargs === undefined;
    if (c.byPrefix && !bare && !short.startsWith('__pyx_unpickle_')) {
      const all = kwargs === undefined ? args : [...args, kwargs];
      const text = textBreach(c.name, all);
      if (text === undefined && holdsForgotten(all)) this.emit('pickle/limit', `${at.opcode} hands ${c.name} a memoized constant the memo did not keep (memo budget reached): whether it is text, which a class trusted by its module path may not be given, was not checked`, at, { global: c.name });
      return text;
    }
    return undefined;
  }

  /** Globals handed to an allowed callable (a level into containers): it may call them. */
  private markArguments(args: Value[], depth = 0): void {
    for (const a of args) {
      if (a === null || typeof a !== 'object') continue;
      if (a.t === 'global') {
        const record = this.imports.get(classify(a.module, a.name).name);
        if (record) record.argument = true;
      } else if (depth < 2 && (a.t === 'tuple' || a.t === 'list' || a.t === 'dict' || a.t === 'set' || a.t === 'frozenset') && a.code) this.markArguments(a.items, depth + 1);
    }
  }

  private special(name: string, args: Value[], at: At, result: CallResult): Value {
    if (args[0] === FORGOTTEN) {
      this.emit('pickle/limit', `${at.opcode} hands ${name} a memoized constant the memo did not keep (memo budget reached); it was not scanned`, at, { global: name });
      return result;
    }
    const decoded = evaluateDecoder(name, args, this.ctx, at.offset);
    if (decoded) return { t: 'bytes', length: decoded.length, data: decoded, at: at.offset };
    const payload = args[0];
    if (payload !== null && typeof payload === 'object' && payload.t === 'bytes') {
      const source = payload.data ? bufferSource(payload.data) : sliceSource(this.source, payload.at, payload.length);
      this.ctx.nested(source, `@${at.offset}:${name}`, name === 'torch.storage._load_from_bytes' ? undefined : 'pickle');
    } else if (typeof payload === 'string' && name !== '_codecs.encode' && name !== 'codecs.encode') {
      this.ctx.nested(bufferSource(Buffer.from(payload, 'latin1')), `@${at.offset}:${name}`, 'pickle');
    }
    return result;
  }

  private resolve(name: string, g: Global, args: Value[], at: At, argText: string): Value {
    const via = [...g.via, name];
    let out: Value = UNKNOWN;
    const a0 = args[0];
    const a1 = args[1];
    switch (name) {
      case 'builtins.getattr':
      case 'inspect.getattr_static': {
        const method = typeof a1 === 'string' ? frameworkMethod(a0, a1, via) : undefined;
        if (method) {
          // PyTorch lazy modules pickle bound hooks this way; calling the method later is still judged.
          this.emit('pickle/resolver-chain', `${at.opcode} looks up method ${a1} of a ${method.module} object (not called here)`, at, { global: qualified(method), args: argText, via, level: 'info' });
          return method;
        }
        if (typeof a1 === 'string') out = attribute(a0, a1, via);
        break;
      }
      case 'builtins.__import__':
      case 'importlib.import_module':
      case 'importlib.__import__':
        if (typeof a0 === 'string') out = { t: 'module', name: a0, via } satisfies Module;
        break;
      case 'pkgutil.resolve_name':
      case 'pydoc.locate':
        if (typeof a0 === 'string') out = fromDotted(a0, via);
        break;
      case 'operator.attrgetter':
      case 'operator.methodcaller':
      case 'functools.partial':
        out = { t: 'call', callee: g, args, kind: name === 'operator.attrgetter' ? 'attrgetter' : name === 'operator.methodcaller' ? 'methodcaller' : 'partial' };
        break;
      case 'functools.reduce':
      case 'builtins.map':
      case 'builtins.filter':
        if (a0 !== undefined) this.call(a0, args.slice(1), at);
        break;
    }
    const target = out !== null && typeof out === 'object' && (out.t === 'global' || out.t === 'module') ? out : undefined;
    const verdict = target ? targetLevel(target) : 'dangerous';
    const what = target ? `resolves ${qualified(target)}` : 'resolves a callable from non-constant input';
    this.emit('pickle/resolver-chain', `${at.opcode} calls ${name}(${argText}) which ${what}`, at, { global: target ? qualified(target) : name, args: argText, via, level: verdict });
    return out;
  }

  private callResult(r: CallResult, args: Value[], at: At): Value {
    const inner = r.callee;
    if (r.kind === 'partial' && r.args.length) return this.call(r.args[0]!, [...r.args.slice(1), ...args], at);
    if (r.kind === 'attrgetter' && typeof r.args[0] === 'string') {
      let v: Value = args[0] ?? UNKNOWN;
      for (const part of r.args[0].split('.')) v = attribute(v, part, ['operator.attrgetter']);
      if (v !== null && typeof v === 'object' && v.t === 'global') this.emit('pickle/resolver-chain', `attrgetter resolves ${qualified(v)}`, at, { global: qualified(v), via: v.via, level: targetLevel(v) });
      return v;
    }
    if (r.kind === 'methodcaller' && typeof r.args[0] === 'string') {
      const method = attribute(args[0] ?? UNKNOWN, r.args[0], ['operator.methodcaller']);
      return this.call(method, r.args.slice(1), at);
    }
    const name = inner !== null && typeof inner === 'object' && (inner.t === 'global' || inner.t === 'module') ? qualified(inner) : 'a computed value';
    // No pickle a framework writes calls an object it built: this runs its class's __call__ (joblib's Parallel as a
    // call engine, a factory's returned function), whatever the class is called.
    this.emit('pickle/unresolved-call', `${at.opcode} calls an object returned by ${name} (runs its __call__)`, at, { global: name, args: renderArgs(args), level: 'dangerous' });
    return UNKNOWN;
  }

  private notCallable(v: Value, at: At): Value {
    this.emit('pickle/unresolved-call', `${at.opcode} calls ${render(v, 60)}, which is not a global (the load fails or runs hidden code)`, at, { level: 'suspicious' });
    return UNKNOWN;
  }

  private emit(rule: RuleId, message: string, at: At, fields: { global?: string; args?: string; via?: string[]; level?: Level } = {}): void {
    const key = `${rule}|${fields.global ?? ''}|${fields.args ?? ''}|${fields.level ?? ''}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    report(this.ctx, rule, message, { offset: at.offset, opcode: at.opcode, ...fields });
  }
}

function attribute(obj: Value | undefined, name: string, via: string[]): Value {
  if (obj !== null && typeof obj === 'object') {
    if (obj.t === 'module') return { t: 'global', module: obj.name, name, via: [...obj.via, ...via] };
    if (obj.t === 'global') return { t: 'global', module: obj.module, name: `${obj.name}.${name}`, via: [...obj.via, ...via] };
  }
  return UNKNOWN;
}

/** Methods PyTorch's lazy modules pickle as `getattr(self, name)` (their registered load hooks). */
const lazyModuleHooks = new Set(['_infer_parameters', '_lazy_load_hook']);

/**
 * `getattr(<torch.nn module>, "_infer_parameters")`: a lazy module's bound hook, not a resolver escape.
 * Only these names, only on torch.nn classes; any call of the method is still judged (it classifies unknown).
 */
function frameworkMethod(obj: Value | undefined, name: string, via: string[]): Global | undefined {
  if (!lazyModuleHooks.has(name) || obj === null || typeof obj !== 'object' || obj.t !== 'call' || obj.kind) return undefined;
  const callee = obj.callee;
  if (callee === null || typeof callee !== 'object' || callee.t !== 'global' || callee.via.length) return undefined;
  const c = classify(callee.module, callee.name);
  if (c.tier !== 'allowed' || !c.name.startsWith('torch.nn.')) return undefined;
  return { t: 'global', module: c.name, name, via };
}

function items(v: Value | undefined): Value[] {
  return v !== null && typeof v === 'object' && (v.t === 'tuple' || v.t === 'list') ? v.items : [];
}

function isObjectBase(v: Value | undefined): boolean {
  return v !== null && typeof v === 'object' && v.t === 'global' && classify(v.module, v.name).name === 'builtins.object';
}

function fromDotted(path: string, via: string[]): Global {
  const colon = path.indexOf(':');
  if (colon >= 0) return { t: 'global', module: path.slice(0, colon), name: path.slice(colon + 1) || '__module__', via };
  const dot = path.lastIndexOf('.');
  return dot < 0 ? { t: 'global', module: 'builtins', name: path, via } : { t: 'global', module: path.slice(0, dot), name: path.slice(dot + 1), via };
}

function targetLevel(target: Global | Module): Level {
  const c = target.t === 'module' ? classify(target.name, '__module__') : classify(target.module, target.name);
  return c.tier === 'allowed' ? 'suspicious' : 'dangerous';
}

function renderArgs(args: Value[], kwargs?: Value): string {
  const parts = args.map((a) => render(a, 160));
  if (kwargs !== undefined) parts.push(`**${render(kwargs, 120)}`);
  const text = parts.join(', ');
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}
