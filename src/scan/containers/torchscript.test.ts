import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanBytes, scanFile } from '../scan-file.ts';
import { bufferSource } from '../source.ts';
import { dumps, py } from '../test-support/pickle-writer.ts';
import { benignTorchScriptCode, liteBytecode, torchScriptCode, torchScriptZip } from '../test-support/torchscript.ts';
import { zip } from '../test-support/zip-writer.ts';
import { pickleStrings, torchScriptRoots } from './torchscript.ts';
import { readZipDirectory } from './zip-reader.ts';

const real = (name: string): string => fileURLToPath(new URL(`../test-support/fixtures/real/${name}`, import.meta.url));
const serious = (r: { findings: { level: string }[] }): unknown[] => r.findings.filter((f) => f.level !== 'info');

describe('TorchScript archives', () => {
  it.each([
    ['torch.jit.save layout', ['m/data.pkl', 'm/code/__torch__.py', 'm/constants.pkl', 'm/version'], ['m/']],
    ['lite interpreter', ['m/bytecode.pkl', 'm/constants.pkl'], ['m/']],
    ['old layout without constants.pkl', ['m/data.pkl', 'm/code/__torch__.py'], ['m/']],
    ['torch 1.0–1.3 layout', ['m/version', 'm/model.json', 'm/code/m.py', 'm/attributes.pkl'], ['m/']],
    ['torch.save checkpoint is not TorchScript', ['archive/data.pkl', 'archive/data/0', 'archive/version'], []],
    ['a source tree with a code/ folder is not TorchScript', ['repo/code/train.py', 'repo/README.md'], []],
  ])('roots: %s', (_name, names, roots) => {
    expect([...torchScriptRoots(names)]).toEqual(roots);
  });

  it('the real layout is what the scanner expects (torch.jit.save, torch 2.13)', () => {
    const bytes = readFileSync(real('torchscript-benign.pt'));
    const names = readZipDirectory(bufferSource(bytes), 1000).entries.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['torchscript-benign/data.pkl', 'torchscript-benign/constants.pkl', 'torchscript-benign/version', 'torchscript-benign/code/__torch__.py', 'torchscript-benign/code/__torch__/torch/nn/modules/linear.py']));
    expect([...torchScriptRoots(names)]).toEqual(['torchscript-benign/']);
  });

  it('a real benign TorchScript module (quantized ops, torch.classes.quantized) is clean', async () => {
    const r = await scanFile(real('torchscript-benign.pt'));
    expect(serious(r)).toEqual([]);
    expect(r.verdict).toBe('clean');
    expect(r.formats).toEqual(expect.arrayContaining(['torchscript', 'torchscript-code', 'pickle']));
  });

  it('a real module calling torch.save, torch.from_file and a custom op is dangerous', async () => {
    const r = await scanFile(real('torchscript-file-ops.pt'));
    expect(r.verdict).toBe('dangerous');
    expect(r.findings.map((f) => [f.rule, f.level, f.global])).toEqual([
      ['torchscript/dangerous-op', 'dangerous', 'aten::save'],
      ['torchscript/dangerous-op', 'dangerous', 'aten::from_file'],
      ['torchscript/custom-op', 'suspicious', 'evilns::pwn'],
    ]);
    expect(r.findings[0]!.member).toBe('torchscript-file-ops/code/__torch__.py');
    expect(r.findings[0]!.message).toMatch(/^line 8: aten::save writes a file/);
  });

  it.each([
    ['benign generated module', { '__torch__.py': benignTorchScriptCode }, 'clean', []],
    ['torch.ops.aten spelling', { '__torch__.py': torchScriptCode('_0 = torch.ops.aten.from_file("/etc/passwd", True, 8)') }, 'dangerous', ['aten::from_file']],
    ['debugprims reads files', { '__torch__.py': torchScriptCode('_0 = ops.debugprims.load_tensor("x", [1], [1], dtype=6, device=torch.device("cpu"))') }, 'dangerous', ['debugprims::load_tensor']],
    ['rpc to another machine', { '__torch__.py': torchScriptCode('fut = ops.prim.rpc_async()') }, 'dangerous', ['prim::rpc_async']],
    ['collective communication', { '__torch__.py': torchScriptCode('_0 = ops._c10d_functional.all_reduce(x, "sum", "0")') }, 'suspicious', ['_c10d_functional::all_reduce']],
    ['custom class', { '__torch__.py': torchScriptCode('_0 = annotate(__torch__.torch.classes.myns.Engine, self.engine)') }, 'suspicious', ['torch.classes.myns.Engine']],
    ['torch.load is not TorchScript', { '__torch__.py': torchScriptCode('_0 = torch.load("/tmp/x")') }, 'dangerous', ['torch.load']],
    ['an import statement', { '__torch__.py': `import os\n${benignTorchScriptCode}` }, 'suspicious', []],
    ['old printer imports (torch 1.2–1.4)', { '__torch__.py': `op_version_set = 1\nimport __torch__\nimport __torch__.torch.nn.modules.linear\n${benignTorchScriptCode}` }, 'clean', []],
    ['exec in a nested code file', { '__torch__/torch/nn/modules/linear.py': torchScriptCode('exec("import os")') }, 'dangerous', ['builtins.exec']],
  ])('%s', async (_name, code, verdict, globals) => {
    const r = await scanBytes(torchScriptZip(code), 'model.pt');
    expect(r.verdict, JSON.stringify(r.findings, null, 1)).toBe(verdict);
    expect(r.findings.map((f) => f.global).filter(Boolean)).toEqual(expect.arrayContaining(globals));
    expect(r.findings.filter((f) => f.rule === 'python/source')).toEqual([]);
  });

  it('constants.pkl is scanned as a pickle like data.pkl', async () => {
    const r = await scanBytes(torchScriptZip({ '__torch__.py': benignTorchScriptCode }, { constants: dumps(py.reduce(py.global('os', 'system'), py.tuple('id')), 2) }), 'model.pt');
    expect(r.findings.find((f) => f.rule === 'pickle/dangerous-call')).toMatchObject({ member: 'model/constants.pkl', global: 'os.system' });
  });

  it('a code/ member that is not text is sniffed like any member (a pickle renamed .py)', async () => {
    const r = await scanBytes(torchScriptZip({}, { extra: [{ name: 'model/code/__torch__.py', data: dumps(py.reduce(py.global('os', 'system'), py.tuple('id')), 2) }] }), 'model.pt');
    expect(r.findings.find((f) => f.rule === 'pickle/dangerous-call')?.member).toBe('model/code/__torch__.py');
  });

  it('lite-interpreter bytecode: the operator table is checked', async () => {
    const r = await scanBytes(torchScriptZip({}, { bytecode: liteBytecode(['aten::linear', 'aten::from_file', 'myops::fused']) }), 'model.ptl');
    expect(r.findings.map((f) => [f.rule, f.global, f.member])).toEqual([
      ['torchscript/dangerous-op', 'aten::from_file', 'model/bytecode.pkl'],
      ['torchscript/custom-op', 'myops::fused', 'model/bytecode.pkl'],
    ]);
  });

  it('reads the string constants of every string opcode, at opcode boundaries', () => {
    const u8 = (s: string): number[] => [...new TextEncoder().encode(s)];
    const len = (n: number, width: number): number[] => Array.from({ length: width }, (_, k) => (n / 2 ** (8 * k)) & 0xff);
    const stream = [
      0x80, 4, 0x95, ...len(0, 8), 0x28,
      0x53, ...u8("'a::s'\n"), // STRING
      0x54, ...len(4, 4), ...u8('b::t'), // BINSTRING
      0x55, 4, ...u8('c::u'), // SHORT_BINSTRING
      0x56, ...u8('d::\\u0076\n'), // UNICODE, raw-unicode-escape
      0x58, ...len(4, 4), ...u8('e::w'), // BINUNICODE
      0x8c, 4, ...u8('f::x'), // SHORT_BINUNICODE
      0x8d, ...len(4, 8), ...u8('g::y'), // BINUNICODE8
      0x43, 10, ...u8('\x8caten::no'), // bytes that look like a string opcode are skipped
      0x74, 0x2e,
    ];
    expect(pickleStrings(Uint8Array.from(stream)).map((s) => s.value)).toEqual(['a::s', 'b::t', 'c::u', 'd::v', 'e::w', 'f::x', 'g::y']);
  });

  it.each([
    ['SHORT_BINUNICODE', [0x8c, 10]],
    ['BINUNICODE', [0x58, 10, 0, 0, 0]],
    ['BINUNICODE8', [0x8d, 10, 0, 0, 0, 0, 0, 0, 0]],
  ])('lite-interpreter bytecode: aten::save spelled with %s is dangerous', async (_name, head) => {
    const bytecode = Uint8Array.from([0x80, 2, ...head, ...new TextEncoder().encode('aten::save'), 0x85, 0x2e]);
    const r = await scanBytes(torchScriptZip({}, { bytecode }), 'model.ptl');
    expect(r.findings.find((f) => f.rule === 'torchscript/dangerous-op')).toMatchObject({ level: 'dangerous', global: 'aten::save', member: 'model/bytecode.pkl' });
  });

  it('a zipped source tree with a code/ folder is read as Python, not TorchScript', async () => {
    const r = await scanBytes(zip([{ name: 'repo/code/train.py', data: new TextEncoder().encode('import torch\nimport os\nmodel = torch.load(os.path.join("ckpt", "x.pt"))\n') }]), 'repo.zip');
    expect(r.verdict).toBe('clean');
    expect(r.formats).toContain('python');
  });
});
