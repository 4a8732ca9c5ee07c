import { describe, expect, it } from 'vitest';
import { scanBytes } from '../scan-file.ts';
import { classify } from './python-policy.ts';
import { stdlibSurface } from './python-stdlib.ts';

/** The known code-running surface (issue 9) must be covered by the derived data plus the policy table. */
const known: [string, 'dangerous' | 'suspicious'][] = [
  ...['pydoc.pipepager', 'pydoc.tempfilepager', 'pydoc.pager', 'doctest.debug_script', 'doctest.debug_src', 'timeit.timeit', 'timeit.repeat', 'timeit.Timer', 'cProfile.run', 'cProfile.runctx', 'profile.run', 'profile.runctx', 'trace.Trace.run', 'trace.Trace.runctx', 'logging.config.dictConfig', 'logging.config.fileConfig', 'logging.config.listen', 'code.interact', 'code.InteractiveInterpreter.runsource', 'codeop.compile_command', 'runpy.run_path', 'runpy.run_module', 'pdb.run', 'pdb.runeval', 'pdb.runcall', 'webbrowser.open', 'subprocess.run', 'subprocess.Popen', 'os.system', 'os.popen', 'pty.spawn', 'multiprocessing.Process', 'sympy.sympify', 'sympy.parse_expr', 'numexpr.evaluate', 'pandas.eval', 'pandas.DataFrame.query'].map((n) => [n, 'dangerous'] as [string, 'dangerous']),
  ...['cgitb.enable', 'ctypes.CDLL', 'shutil.rmtree', 'pickle.load'].map((n) => [n, 'suspicious'] as [string, 'suspicious']),
];

describe('standard-library code surface', () => {
  it('was derived from this Python and records what it left out and added by hand', () => {
    const s = stdlibSurface();
    expect(s.python).toMatch(/^3\.\d+/);
    expect(Object.keys(s.exempt)).toContain('dataclasses');
    expect(s.functions.exec!.length).toBeGreaterThan(50);
    expect(s.functions.spawn).toEqual(expect.arrayContaining(['pydoc.pipepager', 'pty.spawn']));
    expect(s.functions.exec).toEqual(expect.arrayContaining(['timeit.timeit', 'doctest.debug_src', 'trace.Trace.runctx']));
  });

  it.each(known)('%s is %s', (name, level) => {
    expect(classify(name)?.level, name).toBe(level);
  });

  it.each([
    ['timeit with a statement', 'import timeit\ntimeit.timeit("__import__(\'os\').system(\'id\')", number=1)'],
    ['cProfile.run', 'import cProfile\ncProfile.run(payload)'],
    ['pydoc pager', 'from pydoc import pipepager\npipepager("x", "sh -c id")'],
    ['doctest debugger', 'import doctest as d\nd.debug_src(">>> import os")'],
    ['logging dictConfig factory', 'import logging.config\nlogging.config.dictConfig({"version": 1, "handlers": {"h": {"()": "os.system"}}})'],
    ['sympify', 'from sympy import sympify\nsympify(user_text)'],
    ['numexpr', 'import numexpr\nnumexpr.evaluate(expr)'],
  ])('source using %s is dangerous', async (_, src) => {
    const r = await scanBytes(new TextEncoder().encode(src), 'modeling_x.py');
    expect(r.verdict, JSON.stringify(r.findings.map((f) => f.message))).toBe('dangerous');
  });

  it('leaves honest modeling code clean (typing, inspect, dataclasses, logging, functools)', async () => {
    const src = [
      'import inspect, logging, functools', 'from dataclasses import dataclass', 'from typing import Optional, get_type_hints',
      'from collections import namedtuple', 'logger = logging.getLogger(__name__)', 'Pair = namedtuple("Pair", "a b")',
      '@dataclass', 'class Out:', '    loss: Optional[float] = None', '@functools.lru_cache', 'def f(m):',
      '    sig = inspect.signature(m.forward)', '    return get_type_hints(Out), sig',
    ].join('\n');
    const r = await scanBytes(new TextEncoder().encode(src), 'modeling_x.py');
    expect(r.verdict, JSON.stringify(r.findings.map((f) => f.message))).toBe('clean');
  });
});
