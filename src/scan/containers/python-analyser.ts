import { ALWAYS_BUILTIN, BUILTINS, classify, DANGEROUS_LEAVES, GADGET_ATTRIBUTES, MODULE_VALUES, normalise, REEXPORTED, SENSITIVE_MODULES, SUBMODULES, WRITE_METHODS, type CodeLevel } from './python-policy.ts';
import { bracketArgs, constString, type Args } from './python-fold.ts';
import { IssueSet, lineOf, ranked, type CodeIssue, type PythonAnalysis } from './python-issues.ts';
import { Bindings } from './python-bindings.ts';
import { streamsOf, type Token } from './python-tokens.ts';

export { lineOf, type CodeIssue, type PythonAnalysis };

/**
 * The Python source analyser (see python-source.ts for what it is for): pass 1 (python-bindings.ts)
 * collects what the file binds — imports, aliases, definitions, parameters —, pass 2 here reads every
 * name's primary expression (attributes, calls, subscripts) and resolves it as far as constants allow,
 * then applies the rules only the whole file decides (wholeFile). Issues are collected in python-issues.ts.
 */
interface Value {
  /** Dotted name; `?` a module chosen at run time; `<globals>` the globals() mapping. */
  path?: string;
  via?: string[];
  /** The value is the attribute mapping of `path` (`vars(m)`, `m.__dict__`). */
  dict?: boolean;
  /** The value is `path.__getattribute__`. */
  getter?: boolean;
  /** The value is the `.get` of a mapping (`globals().get`, `vars(m).get`): calling it subscripts. */
  lookup?: boolean;
}

const KEYWORDS = new Set(['import', 'from', 'as', 'def', 'class', 'lambda', 'for', 'in', 'if', 'else', 'elif', 'while', 'return', 'yield', 'not', 'and', 'or', 'is', 'with', 'try', 'except', 'finally', 'raise', 'pass', 'break', 'continue', 'del', 'global', 'nonlocal', 'assert', 'async', 'await', 'None', 'True', 'False']);
const DECODED = /b64decode|b32decode|b16decode|b85decode|a85decode|unhexlify|fromhex|decompress|rot.?13|codecs\.decode|marshal|zlib|bz2|lzma/;
const CALL_ONLY = new Set(['types.CodeType', 'types.FunctionType', 'builtins.compile', 'socket.socket']);
const BUILTINS_DUNDER = 'reaches the builtins module behind the scenes (exec, eval, __import__)';
/** Attribute steps followed from a resolved name: no real module path is this deep, an adversarial one is. */
const MAX_CHAIN = 32;
/** Leaves that, called on a value the analysis lost, may be a sensitive module's (`.eval()` is every model's). */
const ESCAPE_LEAVES = new Set([...DANGEROUS_LEAVES].filter((l) => l !== 'eval'));
/** Builtins that take a module as their first argument without letting it escape. */
const LOOKUPS = new Set(['getattr', 'hasattr', 'vars', 'dir']);
/** Which argument of an opener is the mode. */
const OPENERS = new Map([['builtins.open', 1], ['io.open', 1], ['codecs.open', 1], ['os.fdopen', 1], ['pathlib.Path.open', 0]]);

export class Analyser {
  private t: Token[] = [];
  private readonly found = new IssueSet();
  private readonly bindings = new Bindings(this.found);
  private nesting = 0;
  private readonly values = new Map<number, Value>();
  private readonly referenced = new Set<string>();
  /** The first `.system(`-like call on a value the analysis could not resolve. */
  private leafCall: { name: string; at: number } | undefined;
  private stoppedAt: number | undefined;

  constructor(
    private readonly src: string,
    private readonly deadline = Infinity,
  ) {}

  run(): PythonAnalysis {
    const streams = streamsOf(this.src);
    for (const s of streams) {
      this.t = s;
      if (!this.bindings.collect(s, (k) => this.onTime(k))) break;
    }
    for (const s of streams) {
      if (this.stoppedAt !== undefined) break;
      this.t = s;
      this.values.clear();
      this.references();
    }
    // Type annotations name CodeType, socket.socket and friends; only calling one is worth reporting.
    const issues = this.found.all().filter((i) => i.kind === 'call' || !CALL_ONLY.has(i.name));
    this.wholeFile(issues);
    return {
      issues: ranked(issues),
      relativeImports: [...this.bindings.relative],
      lines: lineOf(this.src, this.src.length),
      ...(this.stoppedAt !== undefined ? { stoppedAt: lineOf(this.src, this.stoppedAt) } : {}),
    };
  }

  /** Rules only the whole file decides: imports never used visibly, escaped modules called into, download + load. */
  private wholeFile(issues: CodeIssue[]): void {
    const named = (module: string): boolean => issues.some((i) => i.name === module || i.name.startsWith(`${module}.`));
    for (const [module, at] of this.bindings.imported) {
      if (!named(module)) issues.push(this.issue('suspicious', module, 'is not needed to run a model (no call was seen: it may be reached indirectly)', at, 'import'));
    }
    for (const { local, module, at } of this.bindings.watched) {
      if (this.referenced.has(local) || named(module)) continue;
      issues.push(this.issue('suspicious', module, 'is imported but never used visibly (it may be reached indirectly)', at, 'import'));
    }
    const escaped = issues.find((i) => i.tag === 'escape');
    if (escaped && this.leafCall) {
      issues.push(this.issue('dangerous', `?.${this.leafCall.name}`, `is called on a value the analysis lost, in a file that passes ${escaped.name} around as a value`, this.leafCall.at, 'call'));
    }
    const download = issues.find((i) => i.tag === 'download');
    const load = issues.find((i) => i.tag === 'load');
    if (download && load) {
      issues.push(this.issue('dangerous', `${download.name} + ${load.name}`, 'downloads files and loads code or pickles in the same module (what is downloaded may be what runs)', load.at, 'use'));
    }
  }

  /** False (and the place noted) once the scan's deadline has passed; checked every 1024 tokens. */
  private onTime(k: number): boolean {
    if ((k & 0x3ff) !== 0 || Date.now() <= this.deadline) return true;
    this.stoppedAt = this.t[k]!.at;
    return false;
  }

  // ---- pass 2: what the file reads and calls ----

  private references(): void {
    const t = this.t;
    for (let k = 0; k < t.length; k++) {
      if (!this.onTime(k)) return;
      const tok = t[k]!;
      if (tok.kind !== 'name' || this.bindings.skip.has(tok)) continue;
      if (this.isOp(k - 1, '.')) {
        const gadget = GADGET_ATTRIBUTES.get(tok.value);
        if (gadget) this.issue(gadget, tok.value, 'reaches interpreter internals (a sandbox-escape gadget)', tok.at, 'use');
        continue;
      }
      if (t[k - 1]?.value === 'def' || t[k - 1]?.value === 'class' || KEYWORDS.has(tok.value)) continue;
      if (this.isOp(k + 1, '=')) {
        if (tok.value === 'trust_remote_code' && t[k + 2]?.value === 'True') this.issue('suspicious', 'trust_remote_code=True', 'loads more remote code from the Hub', tok.at, 'use');
        if (k === 0 || t[k - 1]!.kind === 'newline') this.assign(k);
        continue;
      }
      const { value: v, end } = this.chain(k, t.length, true);
      if (v.path && (v.dict || MODULE_VALUES.has(normalise(v.path))) && !this.kept(k, end, v)) {
        this.escaped(normalise(v.path), v.dict === true, tok.at, true);
      }
    }
  }

  private escaped(module: string, dict: boolean, at: number, record: boolean): void {
    const what = `is used as a value${dict ? ' (its attribute mapping)' : ''} — returned, stored, passed, unpacked or subscripted — and what is done with it later is not followed`;
    this.issue('suspicious', module, what, at, 'use', undefined, record).tag = 'escape';
  }

  /**
   * Whether a module used as a value at `[k, end)` stays where the analysis sees it: the whole right side
   * of `name = module` (an alias), the first argument of getattr/hasattr/vars/dir, `global`/`del`.
   */
  private kept(k: number, end: number, v: Value): boolean {
    const t = this.t;
    const next = t[end];
    if (!v.dict && this.isOp(k - 1, '=') && t[k - 2]?.kind === 'name' && (k === 2 || t[k - 3]!.kind === 'newline') && (!next || next.kind === 'newline')) return true;
    if (this.isOp(k - 1, '(') && t[k - 2]?.kind === 'name' && LOOKUPS.has(t[k - 2]!.value) && !this.isOp(k - 3, '.') && (this.isOp(end, ',') || this.isOp(end, ')'))) return true;
    const prev = t[k - 1];
    return prev?.kind === 'name' && (prev.value === 'global' || prev.value === 'nonlocal' || prev.value === 'del');
  }

  /** `name = <expression>`: remember modules and functions bound to new names. */
  private assign(k: number): void {
    let end = k + 2;
    while (end < this.t.length && this.t[end]!.kind !== 'newline') end++;
    const v = this.evalRange(k + 2, end);
    const name = this.t[k]!.value;
    if (v.path && !v.dict && !v.lookup && !v.getter) this.bindings.aliases.set(name, v.path);
    else this.bindings.aliases.delete(name);
    this.values.clear();
  }

  private evalRange(s: number, e: number): Value {
    // getattr(getattr(getattr(…))) recurses; Python itself stops at 200 nested brackets. Every enclosing
    // expression evaluates its arguments again, so values are remembered until a binding changes.
    if (s >= e || this.t[s]?.kind !== 'name' || this.nesting > 100) return {};
    const key = s * 0x100000000 + e;
    const known = this.values.get(key);
    if (known) return known;
    this.nesting++;
    try {
      const r = this.chain(s, e, false);
      const v = r.end === e ? r.value : {};
      this.values.set(key, v);
      return v;
    } finally {
      this.nesting--;
    }
  }

  /** A primary expression from the name at `k`: attributes, calls and subscripts, resolved as far as possible. */
  private chain(k: number, end: number, record: boolean): { value: Value; end: number } {
    const t = this.t;
    let last: CodeIssue | undefined;
    let v = this.atom(k, record, (i) => (last = i));
    let j = k + 1;
    let steps = 0;
    while (j < end) {
      if (this.isOp(j, '.') && t[j + 1]?.kind === 'name') {
        const name = t[j + 1]!.value;
        if (!v.path) {
          if (record && this.isOp(j + 2, '(')) this.lostCall(name, t[j + 1]!.at);
        } else if (++steps > MAX_CHAIN) {
          // Resolving further costs time in proportion to the chain (a hostile file repeats `.path` 100k times).
          this.issue('suspicious', `${normalise(v.path).split('.')[0]}.…`, `starts an attribute chain of more than ${MAX_CHAIN} names, not followed`, t[k]!.at, 'use', undefined, record);
          v = {};
        } else v = this.attribute(v, name, t[k]!.at, record, (i) => (last = i));
        j += 2;
      } else if (this.isOp(j, '(')) {
        const args = this.args(j);
        if (last && last.args === undefined && !last.whole && record) {
          // The call site is better evidence than the import that first named the function.
          if (last.kind === 'import') last.at = t[k]!.at;
          last.kind = 'call';
          last.args = this.render(j, args.close);
          if (/^builtins\.(exec|eval|compile|execfile)$/.test(last.name) && DECODED.test(last.args)) last.what = 'runs code decoded from an embedded blob (base64, zlib, …)';
          if (/^(pickle|_pickle|cPickle|dill|cloudpickle|joblib)\./.test(last.name) && DECODED.test(last.args)) {
            last.level = 'dangerous';
            last.what = 'deserialises an embedded blob (a second-stage payload)';
          }
        }
        last = undefined;
        v = this.call(v, args, j, t[k]!.at, record, (i) => (last = i));
        j = args.close + 1;
      } else if (this.isOp(j, '[')) {
        const args = this.args(j);
        last = undefined;
        v = this.subscript(v, args, t[k]!.at, record, (i) => (last = i));
        j = args.close + 1;
      } else break;
    }
    return { value: v, end: j };
  }

  /** `.name(` on a value the analysis could not resolve: a file-writing method, or a call to remember. */
  private lostCall(name: string, at: number): void {
    if (ESCAPE_LEAVES.has(name)) this.leafCall ??= { name, at };
    if (WRITE_METHODS.has(name)) this.issue('suspicious', `?.${name}`, 'writes or deletes a file (a pathlib-style method on a value not traced)', at, 'call').tag = 'write';
  }

  private atom(k: number, record: boolean, noted: (i: CodeIssue) => void): Value {
    const { value: name, at } = this.t[k]!;
    const note = (path: string): Value => {
      const i = this.note(path, at, undefined, record);
      if (i) noted(i);
      return { path };
    };
    if (name === '__builtins__') {
      noted(this.issue('dangerous', '__builtins__', BUILTINS_DUNDER, at, 'use', undefined, record));
      return { path: 'builtins' };
    }
    const alias = this.bindings.aliases.get(name);
    if (alias !== undefined) {
      if (record) this.referenced.add(name);
      return note(alias);
    }
    if ((ALWAYS_BUILTIN.has(name) && this.isOp(k + 1, '(')) || (BUILTINS.has(name) && !this.bindings.bound.has(name))) return note(`builtins.${name}`);
    for (const m of this.bindings.stars) if (classify(`${m}.${name}`)) return note(`${m}.${name}`);
    return {};
  }

  private attribute(v: Value, name: string, at: number, record: boolean, noted: (i: CodeIssue) => void, via?: string): Value {
    if (v.path && (v.path === '<globals>' || v.dict) && name === 'get') return { ...v, lookup: true };
    if (!v.path || v.path === '<globals>' || v.dict) return {};
    if (name === '__dict__') return { path: v.path, dict: true, ...(v.via ? { via: v.via } : {}) };
    if (name === '__getattribute__') return { path: v.path, getter: true, ...(v.via ? { via: v.via } : {}) };
    const chain = via ? [...(v.via ?? []), via] : v.via;
    if (v.path === '?') {
      if (DANGEROUS_LEAVES.has(name)) noted(this.issue('dangerous', `?.${name}`, `reads ${name} from a module chosen at run time`, at, 'use', chain, record));
      return {};
    }
    const module = REEXPORTED.get(name);
    if (module !== undefined && normalise(v.path) !== module && !v.getter && !SUBMODULES.has(`${normalise(v.path)}.${name}`)) {
      const shown = `${normalise(v.path)}.${name}`;
      this.issue('suspicious', shown, `reaches ${module} through another module's attribute`, at, 'use', chain, record);
      return { path: module, via: [...(chain ?? []), shown] };
    }
    const path = `${v.path}.${name}`;
    const i = this.note(path, at, chain, record);
    if (i) noted(i);
    return { path, ...(chain?.length ? { via: chain } : {}) };
  }

  private call(v: Value, args: Args, open: number, at: number, record: boolean, noted: (i: CodeIssue) => void): Value {
    if (!v.path) return {};
    if (v.lookup) return this.subscript({ path: v.path, ...(v.dict ? { dict: true } : {}), ...(v.via ? { via: v.via } : {}) }, args, at, record, noted);
    const [a0, a1] = args.ranges;
    const via = (step: string): string[] => [...(v.via ?? []), step];
    if (v.getter) {
      // os.__getattribute__('system'), object.__getattribute__(os, 'system'): getattr by another name.
      const unbound = v.path === 'builtins.object' || v.path === 'builtins.type';
      return this.getattr(unbound ? (a0 ? this.evalRange(a0[0], a0[1]) : {}) : v, unbound ? a1 : a0, at, record, noted);
    }
    switch (normalise(v.path)) {
      case 'builtins.__import__':
      case 'importlib.import_module':
      case 'importlib.__import__':
      case 'sys.modules.get': {
        const m = a0 ? this.constString(a0[0], a0[1]) : undefined;
        if (m === undefined) {
          if (v.path.startsWith('sys')) return {};
          if (v.path.startsWith('importlib')) this.issue('suspicious', v.path, 'imports a module whose name is computed at run time', at, 'call', undefined, record).tag = 'load';
          return { path: '?', via: via(v.path) };
        }
        return m.startsWith('.') ? {} : { path: m, via: via(v.path) };
      }
      case 'builtins.getattr':
        return this.getattr(a0 ? this.evalRange(a0[0], a0[1]) : {}, a1, at, record, noted);
      case 'operator.attrgetter':
      case 'operator.methodcaller': {
        const name = a0 ? this.constString(a0[0], a0[1]) : undefined;
        if (name !== undefined && DANGEROUS_LEAVES.has(name.split('.').pop()!)) this.issue('dangerous', `${normalise(v.path)}('${name}')`, `reads ${name} from whatever it is applied to`, at, 'call', undefined, record);
        return {};
      }
      case 'builtins.globals':
      case 'builtins.locals':
        return { path: '<globals>' };
      case 'builtins.vars': {
        const base = a0 ? this.evalRange(a0[0], a0[1]) : { path: '<globals>' };
        return base.path ? { ...base, dict: base.path !== '<globals>' } : {};
      }
      default: {
        const p = normalise(v.path);
        const mode = OPENERS.get(p);
        if (mode !== undefined) this.opened(p, args, mode, open, at, record);
        // A Path object (`Path(x)`, `Path.home()`, `p.with_suffix()`): its write_text/unlink are named.
        return /^pathlib\.(Pure|Posix|Windows)?Path(\.\w+)?$/.test(p) && p !== 'pathlib.Path.open' ? { path: 'pathlib.Path' } : {};
      }
    }
  }

  /** `open(path, mode)`: a mode that writes, appends or creates (or one computed at run time) is reported. */
  private opened(fn: string, args: Args, index: number, open: number, at: number, record: boolean): void {
    const t = this.t;
    const keyword = ([s]: [number, number]): boolean => t[s]?.kind === 'name' && this.isOp(s + 1, '=');
    const named = args.ranges.find((r) => keyword(r) && t[r[0]]!.value === 'mode');
    const r = named ? ([named[0] + 2, named[1]] as [number, number]) : args.ranges.filter((x) => !keyword(x))[index];
    if (!r) return;
    const mode = this.constString(r[0], r[1]);
    if (mode !== undefined && !/[wax+]/.test(mode)) return;
    const i = this.issue('suspicious', fn, mode === undefined ? 'opens a file with a mode chosen at run time' : `opens a file for writing (mode '${mode}')`, at, 'call', undefined, record);
    i.tag = 'write';
    i.args ??= this.render(open, args.close);
  }

  private getattr(base: Value, nameRange: [number, number] | undefined, at: number, record: boolean, noted: (i: CodeIssue) => void): Value {
    const name = nameRange ? this.constString(nameRange[0], nameRange[1]) : undefined;
    const gadget = name !== undefined ? GADGET_ATTRIBUTES.get(name) : undefined;
    if (name !== undefined && gadget) this.issue(gadget, name, 'reaches interpreter internals (a sandbox-escape gadget)', at, 'use', undefined, record);
    if (!base.path) return {};
    if (name !== undefined) return this.attribute(base, name, at, record, noted, 'getattr');
    // (A computed attribute of a computed module is how lazy-import shims work; the import is reported.)
    if (base.path !== '?' && SENSITIVE_MODULES.has(normalise(base.path))) this.issue('dangerous', `getattr(${normalise(base.path)}, …)`, 'reads an attribute chosen at run time from a sensitive module', at, 'call', base.via, record);
    return {};
  }

  private subscript(v: Value, args: Args, at: number, record: boolean, noted: (i: CodeIssue) => void): Value {
    const a0 = args.ranges[0];
    const key = a0 ? this.constString(a0[0], a0[1]) : undefined;
    if (v.path === '<globals>') {
      if (key === '__builtins__') {
        noted(this.issue('dangerous', '__builtins__', BUILTINS_DUNDER, at, 'use', undefined, record));
        return { path: 'builtins' };
      }
      const alias = key !== undefined ? this.bindings.aliases.get(key) : undefined;
      return alias ? { path: alias } : {};
    }
    if (v.path && v.dict) {
      if (key !== undefined) return this.attribute({ path: v.path, ...(v.via ? { via: v.via } : {}) }, key, at, record, noted, '__dict__');
      if (v.path === '?' || SENSITIVE_MODULES.has(normalise(v.path))) this.issue('dangerous', `vars(${normalise(v.path)})[…]`, 'reads an attribute chosen at run time from a sensitive module', at, 'use', v.via, record);
      return {};
    }
    // sys.modules[__name__] is everyday code; only a constant key says which module is reached.
    if (v.path && normalise(v.path) === 'sys.modules' && key !== undefined) return { path: key, via: ['sys.modules'] };
    if (v.path && MODULE_VALUES.has(normalise(v.path))) this.escaped(normalise(v.path), false, at, record);
    return {};
  }

  private note(path: string, at: number, via: string[] | undefined, record: boolean): CodeIssue | undefined {
    const cls = classify(path);
    if (!cls) return undefined;
    const i = this.issue(cls.level, cls.name, cls.what, at, 'use', via, record);
    if (cls.name !== normalise(path)) i.whole = true;
    if (cls.tag) i.tag = cls.tag;
    return i;
  }

  private issue(level: CodeLevel, name: string, what: string, at: number, kind: CodeIssue['kind'], via?: string[], record = true): CodeIssue {
    return this.found.add(level, name, what, at, kind, via, record);
  }

  private render(open: number, close: number): string {
    const from = this.t[open]!.at + 1;
    const to = close > open ? this.t[close]!.at : from;
    const s = this.src.slice(from, Math.max(from, to)).replace(/\s+/g, ' ').trim();
    return s.length > 120 ? `${s.slice(0, 120)}…` : s;
  }

  private args(open: number): Args {
    return bracketArgs(this.t, open);
  }

  private constString(s: number, e: number): string | undefined {
    return constString(this.t, s, e);
  }

  private isOp(j: number, v: string): boolean {
    const tok = this.t[j];
    return tok !== undefined && tok.kind === 'op' && tok.value === v;
  }
}
