import { ALWAYS_BUILTIN, BUILTINS, classify, DANGEROUS_LEAVES, GADGET_ATTRIBUTES, normalise, SENSITIVE_IMPORTS, SENSITIVE_MODULES, type CodeLevel } from './python-policy.ts';
import { bracketArgs, constString, type Args } from './python-fold.ts';
import { tokenize, type Token } from './python-tokens.ts';

/**
 * The Python source analyser (see python-source.ts for what it is for): pass 1 collects what the file
 * binds — imports, aliases, definitions, parameters —, pass 2 reads every name's primary expression
 * (attributes, calls, subscripts) and resolves it as far as constants allow. One class whose passes share
 * the binding state, hence a file a little over 400 lines.
 */
export interface CodeIssue {
  level: CodeLevel;
  /** The resolved name, e.g. `os.system`. */
  name: string;
  what: string;
  kind: 'call' | 'use' | 'import';
  /** Character index of the first occurrence. */
  at: number;
  args?: string;
  via?: string[];
  count: number;
  /** Reported for a whole module (`ctypes`): call arguments of one attribute would mislead. */
  whole?: boolean;
}

export interface PythonAnalysis {
  issues: CodeIssue[];
  /** Modules imported relatively (`from .utils import x` → `utils`): files shipped beside this one. */
  relativeImports: string[];
  lines: number;
}

interface Value {
  /** Dotted name; `?` a module chosen at run time; `<globals>` the globals() mapping. */
  path?: string;
  via?: string[];
  /** The value is the attribute mapping of `path` (`vars(m)`, `m.__dict__`). */
  dict?: boolean;
  /** The value is `path.__getattribute__`. */
  getter?: boolean;
}

const KEYWORDS = new Set(['import', 'from', 'as', 'def', 'class', 'lambda', 'for', 'in', 'if', 'else', 'elif', 'while', 'return', 'yield', 'not', 'and', 'or', 'is', 'with', 'try', 'except', 'finally', 'raise', 'pass', 'break', 'continue', 'del', 'global', 'nonlocal', 'assert', 'async', 'await', 'None', 'True', 'False']);
const DECODED = /b64decode|b32decode|b16decode|b85decode|a85decode|unhexlify|fromhex|decompress|rot.?13|codecs\.decode|marshal|zlib|bz2|lzma/;
const MAX_ISSUES = 50;
const CALL_ONLY = new Set(['types.CodeType', 'types.FunctionType', 'builtins.compile', 'socket.socket']);
const BUILTINS_DUNDER = 'reaches the builtins module behind the scenes (exec, eval, __import__)';

let lineCache: { text: string; starts: number[] } | undefined;

/** 1-based line of a character index (newline positions are indexed once per text). */
export function lineOf(text: string, at: number): number {
  if (lineCache?.text !== text) {
    const starts: number[] = [];
    for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) starts.push(k);
    lineCache = { text, starts };
  }
  const starts = lineCache.starts;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

export class Analyser {
  private t: Token[] = [];
  private readonly aliases = new Map<string, string>();
  private readonly bound = new Set<string>();
  private readonly stars: string[] = [];
  private readonly imported = new Map<string, number>();
  private readonly relative = new Set<string>();
  private readonly skip = new Set<Token>();
  private readonly found = new Map<string, CodeIssue>();
  private nesting = 0;
  private readonly values = new Map<number, Value>();

  constructor(private readonly src: string) {}

  run(): PythonAnalysis {
    const streams = streamsOf(this.src);
    for (const s of streams) {
      this.t = s;
      this.bindings();
    }
    for (const s of streams) {
      this.t = s;
      this.values.clear();
      this.references();
    }
    // Type annotations name CodeType, socket.socket and friends; only calling one is worth reporting.
    const issues = [...this.found.values()].filter((i) => i.kind === 'call' || !CALL_ONLY.has(i.name));
    for (const [module, at] of this.imported) {
      if (!issues.some((i) => i.name === module || i.name.startsWith(`${module}.`))) {
        issues.push(this.issue('suspicious', module, 'is not needed to run a model (no call was seen: it may be reached indirectly)', at, 'import'));
      }
    }
    issues.sort((a, b) => a.at - b.at);
    const worst = issues.filter((i) => i.level === 'dangerous');
    const rest = issues.filter((i) => i.level !== 'dangerous');
    return { issues: [...worst, ...rest].slice(0, MAX_ISSUES).sort((a, b) => a.at - b.at), relativeImports: [...this.relative], lines: lineOf(this.src, this.src.length) };
  }

  // ---- pass 1: what the file binds (imports, definitions, assignments) ----

  private bindings(): void {
    const t = this.t;
    for (let k = 0; k < t.length; k++) {
      const tok = t[k]!;
      if (tok.kind !== 'name' || this.isOp(k - 1, '.')) continue;
      const next = t[k + 1];
      switch (tok.value) {
        case 'import':
          k = this.importList(k, k + 1, undefined);
          break;
        case 'from':
          k = this.fromImport(k) ?? k;
          break;
        case 'def':
        case 'class':
          if (next?.kind === 'name') this.bound.add(next.value);
          // Parameters (and, harmlessly, names in default values): the signature's brackets.
          if (tok.value === 'def' && this.isOp(k + 2, '(')) this.bindNames(k + 3, this.args(k + 2).close, () => false);
          break;
        case 'lambda':
          this.bindNames(k + 1, k + 64, (j) => this.isOp(j, ':'));
          break;
        case 'for':
          this.bindNames(k + 1, k + 64, (j) => t[j]?.value === 'in');
          break;
        case 'as':
          if (next?.kind === 'name') this.bound.add(next.value);
          break;
        default:
          if (this.isOp(k + 1, '=')) this.bound.add(tok.value);
      }
    }
  }

  private bindNames(from: number, to: number, stop: (j: number) => boolean): void {
    const end = Math.min(this.t.length, to);
    for (let j = from; j < end && this.t[j]!.kind !== 'newline' && !stop(j); j++) {
      const tok = this.t[j]!;
      if (tok.kind === 'name' && (this.isOp(j - 1, '(') || this.isOp(j - 1, ',') || this.isOp(j - 1, '*') || this.isOp(j - 1, '**') || j === from)) this.bound.add(tok.value);
    }
  }

  /** `import a.b as c, d` (or the names after `from m import`), from `k`; returns the last index used. */
  private importList(start: number, k: number, from: string | undefined): number {
    const t = this.t;
    let j = k;
    const paren = from !== undefined && this.isOp(j, '(');
    if (paren) j++;
    while (j < t.length) {
      if (this.isOp(j, '*') && from !== undefined) {
        this.stars.push(from);
        j++;
      } else if (t[j]?.kind === 'name') {
        let name = t[j]!.value;
        const at = t[j]!.at;
        j++;
        while (from === undefined && this.isOp(j, '.') && t[j + 1]?.kind === 'name') {
          name += `.${t[j + 1]!.value}`;
          j += 2;
        }
        let local = from === undefined ? name.split('.')[0]! : name;
        if (t[j]?.value === 'as' && t[j + 1]?.kind === 'name') {
          local = t[j + 1]!.value;
          j += 2;
        }
        this.bindImport(local, from === undefined ? (local === name.split('.')[0] ? local : name) : from.startsWith('.') ? undefined : `${from}.${name}`, from ?? name, at);
        if (from?.startsWith('.')) {
          const rel = from.replace(/^\.+/, '');
          this.relative.add(rel || name);
        }
      } else break;
      if (this.isOp(j, ',')) j++;
      else if (paren && t[j]?.kind === 'newline') j++;
      else break;
    }
    if (paren && this.isOp(j, ')')) j++;
    for (let s = start; s < j; s++) this.skip.add(t[s]!);
    return j - 1;
  }

  private bindImport(local: string, target: string | undefined, module: string, at: number): void {
    this.bound.add(local);
    if (target === undefined) return;
    this.aliases.set(local, target);
    const m = normalise(module);
    for (let p = m; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      if (SENSITIVE_IMPORTS.has(p) && !this.imported.has(p)) this.imported.set(p, at);
    }
    const cls = classify(target);
    if (cls && target !== module) this.issue(cls.level, cls.name, cls.what, at, 'import');
  }

  /** `from .x import y`, `from os import (system as s)`, `from m import *`. */
  private fromImport(k: number): number | undefined {
    const t = this.t;
    let j = k + 1;
    let module = '';
    while (this.isOp(j, '.') || this.isOp(j, '...')) module += t[j++]!.value;
    while (t[j]?.kind === 'name' && t[j]!.value !== 'import') {
      module += t[j]!.value;
      j++;
      if (this.isOp(j, '.') && t[j + 1]?.kind === 'name') {
        module += '.';
        j++;
      }
    }
    if (!module || t[j]?.value !== 'import') return undefined;
    return this.importList(k, j + 1, module);
  }

  // ---- pass 2: what the file reads and calls ----

  private references(): void {
    const t = this.t;
    for (let k = 0; k < t.length; k++) {
      const tok = t[k]!;
      if (tok.kind !== 'name' || this.skip.has(tok)) continue;
      if (this.isOp(k - 1, '.')) {
        const gadget = GADGET_ATTRIBUTES[tok.value];
        if (gadget) this.issue(gadget, tok.value, 'reaches interpreter internals (a sandbox-escape gadget)', tok.at, 'use');
        continue;
      }
      if (t[k - 1]?.value === 'def' || t[k - 1]?.value === 'class' || KEYWORDS.has(tok.value)) continue;
      if (this.isOp(k + 1, '=')) {
        if (tok.value === 'trust_remote_code' && t[k + 2]?.value === 'True') this.issue('suspicious', 'trust_remote_code=True', 'loads more remote code from the Hub', tok.at, 'use');
        if (k === 0 || t[k - 1]!.kind === 'newline') this.assign(k);
        continue;
      }
      this.chain(k, t.length, true);
    }
  }

  /** `name = <expression>`: remember modules and functions bound to new names. */
  private assign(k: number): void {
    let end = k + 2;
    while (end < this.t.length && this.t[end]!.kind !== 'newline') end++;
    const v = this.evalRange(k + 2, end);
    const name = this.t[k]!.value;
    if (v.path && v.path !== '<globals>') this.aliases.set(name, v.path);
    else this.aliases.delete(name);
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
    while (j < end) {
      if (this.isOp(j, '.') && t[j + 1]?.kind === 'name') {
        v = this.attribute(v, t[j + 1]!.value, t[k]!.at, record, (i) => (last = i));
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
        v = this.call(v, args, t[k]!.at, record, (i) => (last = i));
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
    const alias = this.aliases.get(name);
    if (alias !== undefined) return note(alias);
    if ((ALWAYS_BUILTIN.has(name) && this.isOp(k + 1, '(')) || (BUILTINS.has(name) && !this.bound.has(name))) return note(`builtins.${name}`);
    for (const m of this.stars) if (classify(`${m}.${name}`)) return note(`${m}.${name}`);
    return {};
  }

  private attribute(v: Value, name: string, at: number, record: boolean, noted: (i: CodeIssue) => void, via?: string): Value {
    if (!v.path || v.path === '<globals>') return {};
    if (name === '__dict__') return { path: v.path, dict: true, ...(v.via ? { via: v.via } : {}) };
    if (name === '__getattribute__') return { path: v.path, getter: true, ...(v.via ? { via: v.via } : {}) };
    const chain = via ? [...(v.via ?? []), via] : v.via;
    if (v.path === '?') {
      if (DANGEROUS_LEAVES.has(name)) noted(this.issue('dangerous', `?.${name}`, `reads ${name} from a module chosen at run time`, at, 'use', chain, record));
      return {};
    }
    const path = `${v.path}.${name}`;
    const i = this.note(path, at, chain, record);
    if (i) noted(i);
    return { path, ...(chain?.length ? { via: chain } : {}) };
  }

  private call(v: Value, args: Args, at: number, record: boolean, noted: (i: CodeIssue) => void): Value {
    if (!v.path) return {};
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
          if (v.path.startsWith('importlib')) this.issue('suspicious', v.path, 'imports a module whose name is computed at run time', at, 'call', undefined, record);
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
      default:
        return {};
    }
  }

  private getattr(base: Value, nameRange: [number, number] | undefined, at: number, record: boolean, noted: (i: CodeIssue) => void): Value {
    const name = nameRange ? this.constString(nameRange[0], nameRange[1]) : undefined;
    if (name !== undefined && GADGET_ATTRIBUTES[name]) this.issue(GADGET_ATTRIBUTES[name], name, 'reaches interpreter internals (a sandbox-escape gadget)', at, 'use', undefined, record);
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
      const alias = key !== undefined ? this.aliases.get(key) : undefined;
      return alias ? { path: alias } : {};
    }
    if (v.path && v.dict) {
      if (key !== undefined) return this.attribute({ path: v.path, ...(v.via ? { via: v.via } : {}) }, key, at, record, noted, '__dict__');
      if (v.path === '?' || SENSITIVE_MODULES.has(normalise(v.path))) this.issue('dangerous', `vars(${normalise(v.path)})[…]`, 'reads an attribute chosen at run time from a sensitive module', at, 'use', v.via, record);
      return {};
    }
    // sys.modules[__name__] is everyday code; only a constant key says which module is reached.
    if (v.path && normalise(v.path) === 'sys.modules' && key !== undefined) return { path: key, via: ['sys.modules'] };
    return {};
  }

  private note(path: string, at: number, via: string[] | undefined, record: boolean): CodeIssue | undefined {
    const cls = classify(path);
    if (!cls) return undefined;
    const i = this.issue(cls.level, cls.name, cls.what, at, 'use', via, record);
    if (cls.name !== normalise(path)) i.whole = true;
    return i;
  }

  private issue(level: CodeLevel, name: string, what: string, at: number, kind: CodeIssue['kind'], via?: string[], record = true): CodeIssue {
    const fresh: CodeIssue = { level, name, what, kind, at, count: 1, ...(via?.length ? { via } : {}) };
    if (!record) return fresh;
    const key = `${level}:${name}`;
    const seen = this.found.get(key);
    if (!seen) {
      this.found.set(key, fresh);
      return fresh;
    }
    seen.count++;
    return seen;
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

/**
 * The token stream of the source, and one stream of every f-string field in it (each field its own
 * logical line), offsets in the outer source.
 */
function streamsOf(src: string): Token[][] {
  const { tokens, embedded } = tokenize(src);
  const fields: Token[] = [];
  const queue = embedded.map((e) => ({ ...e, base: 0 }));
  for (let n = 0; n < queue.length; n++) {
    const e = queue[n]!;
    const inner = tokenize(e.source);
    const base = e.base + e.at;
    for (const t of inner.tokens) fields.push({ ...t, at: t.at + base });
    fields.push({ kind: 'newline', value: '\n', at: base });
    for (const x of inner.embedded) queue.push({ ...x, base });
  }
  return fields.length ? [tokens, fields] : [tokens];
}
