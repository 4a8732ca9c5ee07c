#!/usr/bin/env python3
"""Derive, from CPython's own standard library, which public functions run code handed to them.

Reads every stdlib source file of the running interpreter with `ast` (nothing is imported or executed),
and for each public module-level function and public class (its constructor and methods) asks: does an
argument the caller passes reach a *sink* -- exec/eval/compile, an import by name, a program spawn, a
pickle/marshal load, a native library load, a network connection, a file opened for writing or a file
removed -- directly or through other stdlib functions (a fixpoint over the call graph)? The taint is
followed through local assignments and `self.<attr>` stores inside a class, which is what makes
`timeit.timeit(stmt)` (Timer compiles and execs stmt), `cProfile.run(statement)`, `pydoc.pipepager(text,
cmd)`, `doctest.debug_src(src)` and `logging.config.dictConfig(config)` (its `()` factories are imported
by name) come out.

Output (data/python-stdlib-code.json): {python, generated_by, exempt, functions: {category: [names]}}.
Run: python3 scripts/derive-stdlib-code-surface.py > data/python-stdlib-code.json
"""
import ast
import json
import os
import sys
import sysconfig

SKIP_DIRS = {'test', 'tests', 'idlelib', 'tkinter', 'turtledemo', 'lib2to3', 'site-packages', '__pycache__', 'ensurepip', 'venv', 'unittest', 'distutils', 'pydoc_data'}

# Code generators that exec text they build themselves from validated identifiers: a caller cannot put code
# in it (dataclasses, namedtuple, typing's NamedTuple). Listed here, with the reason, so the output says so.
EXEMPT = {
    'dataclasses': 'generates __init__/__repr__/... from field names it validates as identifiers',
    'collections.namedtuple': 'builds __new__ from field names validated as identifiers',
    'typing.NamedTuple': 'calls collections.namedtuple',
    'typing.NamedTupleMeta': 'calls collections.namedtuple',
    'enum': 'functional API creates members, no code strings',
}

# Reached only through values the call graph cannot follow (a pager chosen from $PAGER, a profiler class
# chosen at run time, a compiler passed as an argument, a browser looked up by name): added by hand, each
# with what it does, and reported as such in the output.
MANUAL = {
    'pydoc.pager': ('spawn', 'runs the command in $MANPAGER/$PAGER through pipepager'),
    'pydoc.getpager': ('spawn', 'returns a pager that runs $MANPAGER/$PAGER'),
    'cProfile.run': ('exec', 'Profile().run(statement) execs the statement'),
    'cProfile.runctx': ('exec', 'Profile().runctx(statement, …) execs the statement'),
    'profile.run': ('exec', 'Profile().run(statement) execs the statement'),
    'profile.runctx': ('exec', 'Profile().runctx(statement, …) execs the statement'),
    'codeop.compile_command': ('exec', 'compiles the source it is given (the first step of exec)'),
    'code.interact': ('exec', 'an interactive interpreter on stdin'),
    'code.compile_command': ('exec', 'codeop.compile_command'),
    'webbrowser.open': ('spawn', 'runs the browser command registered for the URL'),
    'webbrowser.open_new': ('spawn', 'webbrowser.open'),
    'webbrowser.open_new_tab': ('spawn', 'webbrowser.open'),
    'webbrowser.get': ('spawn', 'returns a browser controller for a command line ($BROWSER, or the name given)'),
    'multiprocessing.Process': ('exec', 'runs its target in a new process'),
    'multiprocessing.Pool': ('exec', 'runs the functions it is given in worker processes'),
    'logging.config.dictConfig': ('import', 'DictConfigurator imports the `()` factories and classes named in the config, and calls them'),
    'pdb.run': ('exec', 'Pdb().run(statement) execs the statement'),
    'pdb.runeval': ('exec', 'Pdb().runeval(expression) evals the expression'),
    'pdb.runctx': ('exec', 'pdb.run'),
    'pdb.runcall': ('exec', 'calls the function it is given under the debugger'),
    'pdb.set_trace': ('exec', 'an interactive debugger (runs what is typed)'),
    'pdb.post_mortem': ('exec', 'an interactive debugger (runs what is typed)'),
    'cgitb.enable': ('write', 'writes tracebacks to logdir'),
}

SINKS = {
    'exec': {'exec', 'eval', 'compile', 'builtins.exec', 'builtins.eval', 'builtins.compile'},
    'import': {'__import__', 'builtins.__import__', 'importlib.import_module', 'importlib.__import__', 'imp.load_source', 'imp.load_module', 'importlib._bootstrap._gcd_import'},
    'spawn': {'os.system', 'os.popen', 'os.execv', 'os.execve', 'os.execl', 'os.execle', 'os.execlp', 'os.execlpe', 'os.execvp', 'os.execvpe', 'os.spawnv', 'os.spawnve', 'os.spawnl', 'os.spawnle', 'os.spawnlp', 'os.spawnvp', 'os.posix_spawn', 'os.posix_spawnp', 'subprocess.Popen', 'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.getoutput', 'subprocess.getstatusoutput', '_posixsubprocess.fork_exec', 'pty.spawn'},
    'deserialise': {'pickle.load', 'pickle.loads', 'pickle.Unpickler', 'marshal.load', 'marshal.loads', '_pickle.load', '_pickle.loads'},
    'native': {'ctypes.CDLL', 'ctypes.PyDLL', 'ctypes.cdll.LoadLibrary', '_ctypes.dlopen', 'ctypes.LibraryLoader'},
    'network': {'socket.socket', 'socket.create_connection', 'socket.create_server', '_socket.socket'},
    'write': {'os.remove', 'os.unlink', 'os.rmdir', 'os.rename', 'os.replace', 'os.truncate', 'os.chmod', 'os.symlink', 'os.link', 'shutil.rmtree', 'shutil.move', 'shutil.copyfile'},
}
SINK_OF = {name: cat for cat, names in SINKS.items() for name in names}
WRITE_MODES = set('wax+')


def stdlib_files():
    root = sysconfig.get_paths()['stdlib']
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith('.'))
        for f in sorted(filenames):
            if not f.endswith('.py'):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), root)[:-3].replace(os.sep, '.')
            if rel.endswith('.__init__'):
                rel = rel[: -len('.__init__')]
            if rel == '__init__' or any(p.startswith('_') and p not in ('__main__',) and not p.startswith('__') for p in rel.split('.')[:-1]):
                continue
            yield rel, os.path.join(dirpath, f)


class Module:
    def __init__(self, name, tree):
        self.name = name
        self.aliases = {}  # local name -> dotted target
        package = name if tree and name.count('.') == 0 else name.rsplit('.', 1)[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    self.aliases[a.asname or a.name.split('.')[0]] = a.name if a.asname else a.name.split('.')[0]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ''
                if node.level:
                    parts = name.split('.')[: -node.level] if name.count('.') >= node.level else [package]
                    base = '.'.join(p for p in parts + ([node.module] if node.module else []) if p)
                for a in node.names:
                    if a.name != '*':
                        self.aliases[a.asname or a.name] = f'{base}.{a.name}' if base else a.name
        self.body = list(toplevel_defs(tree.body))
        self.toplevel = {n.name for n in self.body}
        # `dictConfigClass = DictConfigurator`: a module-level alias of a class or function defined here.
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id in self.toplevel:
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        self.aliases[t.id] = f'{name}.{node.value.id}'

    def resolve(self, expr, cls=None):
        """Dotted name a call target stands for, or None."""
        if isinstance(expr, ast.Name):
            if expr.id in self.aliases:
                return self.aliases[expr.id]
            if expr.id in self.toplevel:
                return f'{self.name}.{expr.id}'
            return expr.id
        if isinstance(expr, ast.Attribute):
            if isinstance(expr.value, ast.Name) and expr.value.id == 'self' and cls:
                return f'{self.name}.{cls}.{expr.attr}'
            base = self.resolve(expr.value, cls)
            return f'{base}.{expr.attr}' if base else None
        return None


def toplevel_defs(body):
    """Functions and classes at module level, including those under a top-level if/try (`os.popen`)."""
    for n in body:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield n
        elif isinstance(n, ast.If):
            yield from toplevel_defs(n.body)
            yield from toplevel_defs(n.orelse)
        elif isinstance(n, ast.Try):
            yield from toplevel_defs(n.body)
            for h in n.handlers:
                yield from toplevel_defs(h.body)
            yield from toplevel_defs(n.orelse)


def names_in(expr):
    out = set()
    for n in ast.walk(expr):
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == 'self':
            out.add(f'self.{n.attr}')
    return out


def analyse_function(mod, fn, cls, self_taint, sinks, edges, qual):
    params = {a.arg for a in fn.args.args + fn.args.kwonlyargs + fn.args.posonlyargs if a.arg not in ('self', 'cls')}
    if fn.args.vararg:
        params.add(fn.args.vararg.arg)
    if fn.args.kwarg:
        params.add(fn.args.kwarg.arg)
    tainted = set(params) | self_taint
    for _ in range(3):  # assignments in any order: a few passes reach a fixpoint for straight-line code
        for node in ast.walk(fn):
            targets, value = [], None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and node.value is not None:
                targets, value = [node.target], node.value
            elif isinstance(node, (ast.For, ast.comprehension)):
                targets, value = [node.target], node.iter
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                targets, value = [node.optional_vars], node.context_expr
            if value is not None and names_in(value) & tainted:
                for t in targets:
                    for n in ast.walk(t):
                        if isinstance(n, ast.Name):
                            tainted.add(n.id)
                        elif isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == 'self':
                            tainted.add(f'self.{n.attr}')
    # `p = Pdb(); p.run(statement)` and `Pdb().run(statement)`: a method of the class the instance came from.
    types = {}
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            made = mod.resolve(node.value.func, cls)
            for t in node.targets:
                if made and isinstance(t, ast.Name):
                    types[t.id] = made
    for node in ast.walk(fn):
        if not isinstance(node, ast.Call):
            continue
        args = list(node.args) + [k.value for k in node.keywords]
        hot = any(names_in(a) & tainted for a in args)
        target = mod.resolve(node.func, cls)
        if isinstance(node.func, ast.Attribute):
            base = node.func.value
            if isinstance(base, ast.Call):
                made = mod.resolve(base.func, cls)
                target = f'{made}.{node.func.attr}' if made else target
                hot = hot or any(names_in(a) & tainted for a in list(base.args) + [k.value for k in base.keywords])
            elif isinstance(base, ast.Name) and base.id in types:
                target = f'{types[base.id]}.{node.func.attr}'
        if not target or not hot:
            continue
        if target in ('open', 'builtins.open', 'io.open', 'os.fdopen'):
            mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == 'mode'), None)
            if mode is None or (isinstance(mode, ast.Constant) and isinstance(mode.value, str) and not (set(mode.value) & WRITE_MODES)):
                continue
            sinks.setdefault(qual, set()).add('write')
        elif target in SINK_OF:
            sinks.setdefault(qual, set()).add(SINK_OF[target])
        elif target in ('getattr', 'builtins.getattr') and len(node.args) > 1 and names_in(node.args[1]) & tainted:
            sinks.setdefault(qual, set()).add('resolve')
        else:
            edges.setdefault(qual, set()).add(target)
    return {t for t in tainted if t.startswith('self.')}


def main():
    sinks, edges, defined = {}, {}, set()
    for name, path in stdlib_files():
        try:
            with open(path, 'rb') as f:
                tree = ast.parse(f.read())
        except (SyntaxError, ValueError):
            continue
        mod = Module(name, tree)
        for node in mod.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                qual = f'{name}.{node.name}'
                defined.add(qual)
                analyse_function(mod, node, None, set(), sinks, edges, qual)
            elif isinstance(node, ast.ClassDef):
                cls_qual = f'{name}.{node.name}'
                defined.add(cls_qual)
                methods = [m for m in node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))]
                self_taint = set()
                for _ in range(2):  # attributes set from arguments in one method taint the others
                    for m in methods:
                        self_taint |= analyse_function(mod, m, node.name, self_taint, sinks, edges, f'{cls_qual}.{m.name}')
                for m in methods:
                    defined.add(f'{cls_qual}.{m.name}')
                    if m.name == '__init__':
                        edges.setdefault(cls_qual, set()).add(f'{cls_qual}.__init__')
                        # Calling the class then calling a method on the instance is how Timer(stmt).timeit() runs stmt.
                        edges[cls_qual] |= {f'{cls_qual}.{o.name}' for o in methods if not o.name.startswith('_')}
    changed = True
    while changed:
        changed = False
        for f, targets in edges.items():
            for t in targets:
                got = sinks.get(t)
                if got and not got <= sinks.get(f, set()):
                    sinks.setdefault(f, set()).update(got)
                    changed = True

    def public(q):
        parts = q.split('.')
        return all(not p.startswith('_') or (p.startswith('__') and p.endswith('__')) for p in parts)

    def exempt(q):
        return any(q == e or q.startswith(e + '.') for e in EXEMPT)

    for q, (cat, _) in MANUAL.items():
        sinks.setdefault(q, set()).add(cat)
        defined.add(q)
    functions = {}
    for q, cats in sinks.items():
        if q in defined and public(q) and not exempt(q):
            for c in cats:
                functions.setdefault(c, []).append(q)
    out = {
        'python': sys.version.split()[0],
        'generated_by': 'scripts/derive-stdlib-code-surface.py',
        'exempt': EXEMPT,
        'manual': {q: why for q, (_, why) in MANUAL.items()},
        'functions': {c: sorted(v) for c, v in sorted(functions.items())},
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
