import { describe, expect, it } from 'vitest';
import { scanBytes } from '../scan-file.ts';
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
});
