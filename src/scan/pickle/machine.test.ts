import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanBytes, scanFile } from '../scan-file.ts';
import { dumps, le, Ops, py } from '../test-support/pickle-writer.ts';
import { defaultLimits } from '../types.ts';

describe('pickle machine', () => {
  it('reports the call with its opcode, offset and constant arguments', async () => {
    const bytes = dumps(py.reduce(py.global('subprocess', 'check_output'), py.tuple(['curl', 'http://x'], py.dict({ shell: true }))), 4);
    const r = await scanBytes(bytes);
    const f = r.findings.find((x) => x.rule === 'pickle/dangerous-call')!;
    expect(f).toMatchObject({ opcode: 'REDUCE', global: 'subprocess.check_output', args: '["curl", "http://x"], {"shell": True}', cwe: 'CWE-502' });
    expect(bytes[f.offset!]).toBe(0x52);
  });

  it('skips a large BINBYTES8 payload without reading it', async () => {
    const size = 64 * 1024 * 1024;
    const bytes = new Uint8Array(11 + size + 2);
    bytes.set([0x80, 4, 0x8e, ...le(size, 8)]);
    bytes.set([0x30, 0x2e], 11 + size);
    const r = await scanBytes(bytes.subarray(0, 11 + size + 2));
    expect(r.verdict).toBe('clean');
  });

  it('a BINBYTES length past the end is a broken stream, not a crash', async () => {
    const r = await scanBytes(Uint8Array.from([0x80, 4, 0x8e, ...le(2 ** 40, 8)]));
    expect(r.findings.map((f) => f.rule)).toContain('pickle/broken-stream');
  });

  it('stops at the stack limit and says so (inconclusive, never clean)', async () => {
    const ops = new Ops().proto(4);
    for (let k = 0; k < 2000; k++) ops.none();
    const r = await scanBytes(ops.stop().bytes(), 'deep.pkl', { ...defaultLimits, maxStack: 1000 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.findings.map((f) => f.rule)).toContain('pickle/limit');
  });

  it('stops at the time limit', async () => {
    const ops = new Ops().proto(4).emptyList();
    for (let k = 0; k < 200_000; k++) ops.none().append();
    const r = await scanBytes(ops.stop().bytes(), 'slow.pkl', { ...defaultLimits, timeMs: 0 });
    expect(r.verdict).toBe('inconclusive');
  });

  it('memo misuse (missing key) is a broken stream after any earlier payload', async () => {
    const bytes = new Ops().proto(2).global('os', 'system').str('id').tuple1().reduce().binget(99).stop().bytes();
    const r = await scanBytes(bytes);
    expect(r.verdict).toBe('dangerous');
    expect(r.findings.map((f) => f.rule)).toContain('pickle/broken-stream');
  });

  it('POP with nothing above a MARK pops the mark, as CPython does', async () => {
    const r = await scanBytes(new Ops().proto(2).none().mark().pop().pop().none().stop().bytes());
    expect(r.verdict).toBe('clean');
  });

  describe('memo bounded by a budget, not by the file', () => {
    const small = { ...defaultLimits, maxMemoBytes: 2000 };
    /** `n` distinct memoized strings in a list, as pickle.py writes a list of new strings. */
    const strings = (ops: Ops, n: number): Ops => {
      ops.emptyList().memoize().mark();
      for (let k = 0; k < n; k++) ops.str(`word${k}`).memoize();
      return ops.appends().pop();
    };

    it('keeps constants memoized before the budget ran out: a later STACK_GLOBAL still resolves', async () => {
      const ops = new Ops().proto(4).str('os').memoize().pop();
      strings(ops, 500).binget(0).str('system').stackGlobal().str('id').tuple1().reduce().stop();
      const r = await scanBytes(ops.bytes(), 'm.pkl', small);
      expect(r.verdict).toBe('dangerous');
      expect(r.findings.find((f) => f.rule === 'pickle/dangerous-call')).toMatchObject({ global: 'os.system' });
    });

    it('a STACK_GLOBAL operand that was not kept makes the file inconclusive, never clean', async () => {
      const ops = new Ops().proto(4);
      strings(ops, 500).str('builtins').memoize().pop().op(0x6a, le(501, 4)).str('len').stackGlobal().pop().stop();
      const r = await scanBytes(ops.bytes(), 'm.pkl', small);
      expect(r.verdict).toBe('inconclusive');
      expect(r.findings.map((f) => f.rule)).toContain('pickle/limit');
    });

    it('always keeps globals and call results, whatever the budget', async () => {
      const ops = new Ops().proto(4);
      strings(ops, 500).global('os', 'system').memoize().pop().op(0x6a, le(501, 4)).str('id').tuple1().reduce().stop();
      const r = await scanBytes(ops.bytes(), 'm.pkl', small);
      expect(r.findings.find((f) => f.rule === 'pickle/dangerous-call')).toMatchObject({ global: 'os.system', args: '"id"' });
    });

    it('drops constants past the entry cap instead of stopping; globals past it are a limit', async () => {
      const many = strings(new Ops().proto(4), 300).none().stop().bytes();
      expect((await scanBytes(many, 'm.pkl', { ...defaultLimits, maxMemo: 100 })).verdict).toBe('clean');
      const globals = new Ops().proto(4);
      for (let k = 0; k < 200; k++) globals.global('collections', 'OrderedDict').memoize().pop();
      const r = await scanBytes(globals.none().stop().bytes(), 'g.pkl', { ...defaultLimits, maxMemo: 100 });
      expect(r.verdict).toBe('inconclusive');
    });

    it('BINPUT keys written out of order are found, and a key never written is a broken stream', async () => {
      const ok = new Ops().proto(2).str('os').binput(5).pop().str('system').binput(2).pop().binget(5).binget(2).stackGlobal().pop().none().stop();
      const r = await scanBytes(ok.bytes());
      expect(r.findings.map((f) => f.rule)).toContain('pickle/dangerous-global');
      const bad = await scanBytes(new Ops().proto(2).str('x').binput(5).binget(4).stop().bytes());
      expect(bad.findings.map((f) => f.rule)).toContain('pickle/broken-stream');
    });
  });

  it('reads across 1 MB window boundaries exactly (fast path and checked reads agree)', async () => {
    const ops = new Ops().proto(4).emptyList().memoize();
    for (let k = 0; k < 80_000; k++) ops.mark().int(k % 300).str(`é${k}`).memoize().op(0x47, [0x40, 9, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18]).appends();
    ops.global('os', 'system').str('id').tuple1().reduce().stop();
    const bytes = ops.bytes();
    expect(bytes.length).toBeGreaterThan(1.5 * 1024 * 1024);
    const dir = mkdtempSync(join(tmpdir(), 'rampart-machine-'));
    try {
      writeFileSync(join(dir, 'big.pkl'), bytes);
      const fromFile = await scanFile(join(dir, 'big.pkl'));
      const inMemory = await scanBytes(bytes);
      expect(fromFile.verdict).toBe('dangerous');
      expect(fromFile.findings.map((f) => [f.rule, f.offset])).toEqual(inMemory.findings.map((f) => [f.rule, f.offset]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
