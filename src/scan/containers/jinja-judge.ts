import { callArgs, filterName, fold, isNode, without, type Env, type Node } from './jinja-fold.ts';

/**
 * Sandbox escapes judged on a Jinja syntax tree. A chat template is rendered by transformers in Jinja's
 * `ImmutableSandboxedEnvironment`, but llama.cpp front-ends, inference servers and older tools render
 * with a plain `Environment`, where `''.__class__.__mro__[1].__subclasses__()` or
 * `cycler.__init__.__globals__.os.popen(…)` runs commands. What reaches Python internals is an attribute
 * or item access, an `attr()` filter or an `attribute=` argument whose *name* is a dunder or an
 * interpreter internal — however the name is spelled: literals, escapes, concatenation, `join`, `format`,
 * `replace`, `reverse`, slices and `{% set %}` variables are folded (jinja-fold.ts), and a name built by
 * such operations that cannot be folded is itself dangerous (honest templates index with plain literals).
 */
export interface TemplateIssue {
  level: 'dangerous' | 'suspicious';
  why: string;
  /** The name, global or construct that decided. */
  what: string;
}

/**
 * Attributes that lead from any object to the interpreter (frames, code, globals, modules, processes).
 * Plain words a template may use for its own data (`ns.system`, `tool.open`) are left out: reaching
 * `os.system` needs `os` or a dunder first, and those are caught.
 */
const internals = new Set([
  'mro', 'func_globals', 'func_code', 'f_globals', 'f_locals', 'f_back', 'f_builtins', 'f_code', 'gi_frame', 'gi_code', 'cr_frame',
  'cr_code', 'ag_frame', 'ag_code', 'tb_frame', 'tb_next', 'co_code', 'im_func', 'im_class', 'im_self', '_TemplateReference__context',
  '_module', 'os', 'sys', 'popen', 'subprocess', 'eval', 'exec', 'import_module', 'builtins', 'Popen', 'check_output', 'spawnv',
  'spawnl', 'execv', 'execl', 'load_module', 'getattr', 'globals', 'locals',
]);
/** Globals of Jinja's default environment that sandbox escapes start from (`lipsum.__globals__`, …). */
const escapeGlobals = new Set(['cycler', 'joiner', 'lipsum', 'self', 'request', 'config', 'url_for', 'get_flashed_messages', 'g', 'session']);
/** Names that are only ever code: a template using one as a value is reaching for Python. */
const codeNames = new Set(['__builtins__', '__import__', 'os', 'sys', 'subprocess', 'popen', 'eval', 'exec', 'importlib', 'builtins', 'globals', 'locals', 'getattr', 'compile', 'open']);
/** Filters whose `attribute=` argument is an attribute lookup. */
const attributeFilters = new Set(['map', 'selectattr', 'rejectattr', 'groupby', 'sort', 'sum', 'unique', 'min', 'max', 'dictsort']);
/** Operations that build a string: an attribute name made with them is an obfuscated one. */
const builders = new Set(['join', 'format', 'replace', 'reverse', 'lower', 'upper', 'string', 'trim', 'first', 'last', 'str.format', 'strip', 'center']);

export function judgeName(name: string): TemplateIssue | undefined {
  if (/^__.*__$/s.test(name) || internals.has(name)) return { level: 'dangerous', why: 'reaches Python internals', what: name };
  if (name.startsWith('_')) return { level: 'suspicious', why: 'reads a private attribute', what: name };
  return undefined;
}

/** Issues found in a parsed template (`Program`), the most serious first. */
export function judgeTree(program: Node): TemplateIssue[] {
  const sets: Sets = { values: new Map(), mutated: new Set(), macros: new Map(), calls: [] };
  collectSets(program, sets);
  bindMacroArguments(sets);
  // Only a variable set once and never changed folds to its value. One set several times (in a loop, in
  // branches) or changed in place (`n.append(c)`) holds what the render makes of it: it counts as built
  // when any of its values is, or when it is changed in place.
  const env = new Map<string, Node>();
  for (const [name, values] of sets.values) if (values.length === 1 && !sets.mutated.has(name)) env.set(name, values[0]!);
  const scope: Scope = { env, varying: new Map([...sets.values].filter(([name]) => !env.has(name))), changed: sets.mutated, builtVariables: new Map() };
  const out: TemplateIssue[] = [];
  walk(program, scope, out);
  return out.sort((a, b) => (a.level === b.level ? 0 : a.level === 'dangerous' ? -1 : 1));
}

interface Sets {
  values: Map<string, Node[]>;
  mutated: Set<string>;
  /** Macro name → parameter names. */
  macros: Map<string, string[]>;
  /** Calls of a bare name (`f(…)`), some of them macro calls. */
  calls: Node[];
}

/** A macro's parameters hold what its calls pass (and their defaults): they are variables set at each call. */
function bindMacroArguments(sets: Sets): void {
  const bind = (name: string, value: unknown): void => {
    if (isNode(value)) addValue(sets, name, value);
  };
  for (const call of sets.calls) {
    const params = sets.macros.get((call.callee as Node).value as string);
    if (!params) continue;
    let k = 0;
    for (const a of (call.args as Node[]) ?? []) {
      if (a.type === 'KeywordArgumentExpression') bind((a.key as Node).value as string, a.value);
      else if (k < params.length) bind(params[k++]!, a);
    }
  }
}

/** `{% set %}` variables: those that fold (`env`), those set several times (`varying`) and those changed in place. */
interface Scope {
  env: Env;
  varying: ReadonlyMap<string, Node[]>;
  changed: ReadonlySet<string>;
  /** Whether a varying variable holds a built string, once asked. */
  builtVariables: Map<string, boolean>;
}
/** Methods that change a list or dict in place. */
const mutators = new Set(['append', 'extend', 'insert', 'update', 'setdefault', 'pop', 'remove', 'clear', 'reverse', 'sort', '__setitem__']);

/** Appends in place (a copy per `{% set %}` made 60,000 sets of one variable take half a minute). */
function addValue(sets: Sets, name: string, value: Node): void {
  const values = sets.values.get(name);
  if (values) values.push(value);
  else sets.values.set(name, [value]);
}

/**
 * The tree is walked with an explicit stack, never recursion: `{{ cycler.__init__.__globals__… ~ 'a' ~ 'a' … }}`
 * is flat to Jinja (one Concat node) but a left-deep chain to the parser here, with the escape at the
 * bottom — a depth cap would leave it unread.
 */
function collectSets(root: Node, sets: Sets): void {
  const pending: Node[] = children(root).reverse();
  for (let n = pending.pop(); n !== undefined; n = pending.pop()) {
    collectSet(n, sets);
    const kids = children(n);
    for (let k = kids.length - 1; k >= 0; k--) pending.push(kids[k]!);
  }
}

function collectSet(child: Node, sets: Sets): void {
  if (child.type === 'Set' && isNode(child.assignee) && child.assignee.type === 'Identifier' && isNode(child.value)) {
    const name = child.assignee.value as string;
    addValue(sets, name, child.value);
  }
  if (child.type === 'Macro' && isNode(child.name) && Array.isArray(child.args)) {
    const params: string[] = [];
    for (const a of child.args as Node[]) {
      const param = a.type === 'KeywordArgumentExpression' ? ((a.key as Node).value as string) : (a.value as string);
      params.push(param);
      if (a.type === 'KeywordArgumentExpression' && isNode(a.value)) addValue(sets, param, a.value);
    }
    sets.macros.set(child.name.value as string, params);
  }
  if (child.type === 'CallExpression' && isNode(child.callee) && child.callee.type === 'Identifier') sets.calls.push(child);
  if (child.type === 'CallExpression' && isNode(child.callee) && child.callee.type === 'MemberExpression') {
    const callee = child.callee;
    if (isNode(callee.object) && callee.object.type === 'Identifier' && isNode(callee.property) && mutators.has(callee.property.value as string)) sets.mutated.add(callee.object.value as string);
  }
}

function children(n: unknown): Node[] {
  if (!isNode(n)) return [];
  const out: Node[] = [];
  for (const [key, v] of Object.entries(n)) {
    if (key === 'type') continue;
    if (isNode(v)) out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (isNode(x)) out.push(x);
    else if (v instanceof Map) for (const [k, x] of v) for (const y of [k, x]) if (isNode(y)) out.push(y);
  }
  return out;
}

function walk(root: Node, scope: Scope, out: TemplateIssue[]): void {
  const pending: Node[] = [root];
  for (let n = pending.pop(); n !== undefined; n = pending.pop()) {
    inspect(n, scope, out);
    // Keyword-argument names are declared, not read; `x.name`'s name was judged as an attribute above.
    const skip = n.type === 'KeywordArgumentExpression' ? n.key : n.type === 'MemberExpression' && !n.computed ? n.property : undefined;
    const kids = children(n);
    for (let k = kids.length - 1; k >= 0; k--) if (kids[k] !== skip) pending.push(kids[k]!);
  }
}

function inspect(n: Node, scope: Scope, out: TemplateIssue[]): void {
  switch (n.type) {
    case 'MemberExpression': {
      const obj = n.object as Node;
      if (obj.type === 'Identifier' && escapeGlobals.has(obj.value as string)) out.push({ level: 'dangerous', why: 'reads an attribute of a Jinja global used in sandbox escapes', what: obj.value as string });
      const prop = n.property as Node;
      if (!n.computed) return void push(out, judgeName(prop.value as string));
      if (prop.type === 'SliceExpression') return;
      attributeName(prop, scope, out, 'an item access');
      return;
    }
    case 'FilterExpression':
    case 'FilterStatement': // {% filter attr(…) %}…{% endfilter %}
      return filter(filterName(n.filter), callArgs(n.filter), scope, out);
    case 'CallExpression': {
      // {{ x|attr(…) }} parses as a filter; a call spelled `attr(x, name)` or `getattr(…)` is the same lookup.
      const callee = n.callee as Node;
      if (callee.type === 'Identifier') filter(callee.value as string, (n.args as Node[]).slice(1), scope, out);
      // `'{0.__class__}'.format(x)`: str.format reads the attributes and items its fields name.
      if (callee.type === 'MemberExpression' && !callee.computed && ['format', 'format_map'].includes((callee.property as Node).value as string)) {
        const template = fold(callee.object, scope.env);
        for (const name of template === undefined ? [] : formatFieldNames(template)) {
          const issue = judgeName(name);
          if (issue) out.push({ ...issue, why: `${issue.why} through a str.format field` });
        }
      }
      return;
    }
    case 'StringLiteral': {
      // A dunder spelled as data reaches an attribute through a loop variable or a split the folding does not follow.
      const text = n.value as string;
      if (/^__[A-Za-z]\w*__$/.test(text)) out.push({ level: 'dangerous', why: 'spells a dunder name', what: text });
      else if (/__[A-Za-z]\w*__/.test(text)) out.push({ level: 'suspicious', why: 'holds a dunder name in text', what: /__[A-Za-z]\w*__/.exec(text)![0] });
      return;
    }
    case 'Identifier': {
      const name = n.value as string;
      if (codeNames.has(name) || /^__.*__$/.test(name)) out.push({ level: 'dangerous', why: 'names Python code', what: name });
      else if (escapeGlobals.has(name) && name !== 'g' && name !== 'session') out.push({ level: 'suspicious', why: 'uses a Jinja global that sandbox escapes start from', what: name });
      return;
    }
    default:
  }
}

function filter(name: string | undefined, args: Node[], scope: Scope, out: TemplateIssue[]): void {
  if (name === 'attr' && args[0]) return attributeName(args[0], scope, out, 'attr()', true);
  // `map('attr', name)` applies the attr filter to each item.
  if (name === 'map' && args[0] && args[1] && fold(args[0], scope.env) === 'attr') return attributeName(args[1], scope, out, "map('attr', …)", true);
  if (name !== undefined && attributeFilters.has(name)) {
    for (const a of args) {
      if (a.type === 'KeywordArgumentExpression' && (a.key as Node).value === 'attribute') attributeName(a.value as Node, scope, out, `${name}(attribute=…)`);
    }
  }
}

/** Judges an attribute or item name; `always` when the construct is only ever used for attribute lookup. */
function attributeName(expr: Node, scope: Scope, out: TemplateIssue[], how: string, always = false): void {
  const name = fold(expr, scope.env);
  if (name !== undefined) {
    const issue = judgeName(name);
    if (issue) out.push({ ...issue, why: `${issue.why} through ${how}` });
    else if (always && name.startsWith('_')) out.push({ level: 'dangerous', why: `reads an underscore attribute through ${how}`, what: name });
    return;
  }
  if (always || built(expr, scope, scope.env, 0)) out.push({ level: 'dangerous', why: `computes an attribute name at render time through ${how}`, what: expr.type });
}

/** Whether an expression builds a string (concatenation, formatting, joining…) rather than reading one. */
function built(expr: unknown, scope: Scope, env: Env, depth: number, seen = new Set<string>()): boolean {
  if (!isNode(expr) || depth > 32) return false;
  switch (expr.type) {
    case 'BinaryExpression':
      return ['+', '~', '*', '%'].includes((expr.operator as { value: string }).value) && (isText(expr.left) || isText(expr.right) || built(expr.left, scope, env, depth + 1, seen) || built(expr.right, scope, env, depth + 1, seen));
    case 'FilterExpression':
      return builders.has(filterName(expr.filter) ?? '');
    case 'CallExpression': {
      const callee = expr.callee as Node;
      return callee.type === 'MemberExpression' && builders.has(((callee.property as Node).value as string) ?? '');
    }
    case 'MemberExpression':
      return (expr.property as Node).type === 'SliceExpression' || built(expr.object, scope, env, depth + 1, seen);
    case 'Identifier': {
      const name = expr.value as string;
      if (scope.changed.has(name)) return true;
      if (scope.varying.has(name)) {
        // Each variable's values are looked at once per question, so variables defined in terms of each other stay linear;
        // the answer for the variable a question starts from is kept, so many lookups of one variable stay linear too.
        if (seen.has(name)) return false;
        const first = seen.size === 0;
        const known = first ? scope.builtVariables.get(name) : undefined;
        if (known !== undefined) return known;
        seen.add(name);
        const answer = scope.varying.get(name)!.some((v) => built(v, scope, env, depth + 1, seen));
        if (first) scope.builtVariables.set(name, answer);
        return answer;
      }
      return env.has(name) && built(env.get(name), scope, without(env, name), depth + 1, seen);
    }
    default:
      return false;
  }
}

/** The attribute and item names in a str.format template's fields: `{0.a[b]}` → `a`, `b`. */
export function formatFieldNames(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(/\{([^{}!:]*)/g)) {
    for (const part of m[1]!.matchAll(/\.([^.[]*)|\[([^\]]*)\]/g)) names.push(part[1] ?? part[2] ?? '');
  }
  return names;
}

function isText(n: unknown): boolean {
  return isNode(n) && n.type === 'StringLiteral';
}

function push(out: TemplateIssue[], issue: TemplateIssue | undefined): void {
  if (issue) out.push(issue);
}
