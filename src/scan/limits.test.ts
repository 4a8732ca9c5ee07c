import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ScanContext, ScanSink } from './context.ts';
import { evaluateDecoder } from './pickle/decode.ts';
import { scanBytes } from './scan-file.ts';
import { MAX_NESTING, UNKNOWN, container, type Container, type Value } from './pickle/values.ts';
import { dumps, Ops, py, type Py } from './test-support/pickle-writer.ts';
import { npyRaw } from './test-support/adversarial/numpy.ts';
import { tarOf } from './test-support/adversarial/tar-writer.ts';
import { defaultLimits } from './types.ts';

/**
 * Resource probes: what matters is the accounting and the outcome (a budget charged, a deadline turned
 * into an inconclusive finding), never how long a run took on this machine.
 */
function context(): ScanContext {
  const sink: ScanSink = { findings: [], formats: [], inflated: 0, pending: [] };
  return { file: 'probe', member: [], depth: 0, limits: defaultLimits, deadline: Date.now() + 60_000, sink, nested: () => undefined };
}

const bomb = new Uint8Array(deflateSync(new Uint8Array(64 * 1024 * 1024), { level: 9 }));

describe('one budget for decompressed and evaluated values', () => {
  it('forty zlib.decompress calls on a 64 MB bomb are each stopped at the ratio cap and charged to the budget', () => {
    const ctx = context();
    for (let k = 0; k < 40; k++) expect(evaluateDecoder('zlib.decompress', [{ t: 'bytes', length: bomb.length, data: bomb, at: 0 }], ctx, k)).toBeUndefined();
    expect(ctx.sink.findings.filter((f) => f.rule === 'archive/bomb')).toHaveLength(40);
    expect(ctx.sink.inflated).toBe(0);
  });

  it('small honest results are charged, and refused once the budget is spent', () => {
    const ctx = context();
    const small = new Uint8Array(deflateSync(Buffer.from('x'.repeat(1000))));
    expect(evaluateDecoder('zlib.decompress', [{ t: 'bytes', length: small.length, data: small, at: 0 }], ctx)?.length).toBe(1000);
    expect(ctx.sink.inflated).toBe(1000);
    ctx.sink.inflated = ctx.limits.maxTotalInflated;
    expect(evaluateDecoder('base64.b64decode', ['eHh4'], ctx)).toBeUndefined();
  });

  it('a pickle of 40 decompressed 64 MB bombs (the memo keeps one copy of the 65 KB constant) is stopped at each call', async () => {
    const call = (m: string, n: string, ...a: Py[]): Py => py.reduce(py.global(m, n), py.tuple(...a));
    const value: Py = [...Array.from({ length: 40 }, () => call('zlib', 'decompress', bomb)), call('pickle', 'loads', call('zlib', 'decompress', bomb))];
    const file = dumps(value, 4);
    expect(file.length).toBeLessThan(70 * 1024);
    const r = await scanBytes(file, 'bombs.pkl');
    expect(r.verdict).toBe('dangerous');
    expect(r.findings.filter((f) => f.rule === 'archive/bomb')).toHaveLength(41);
  });
});

describe('deadlines inside parsers and loops', () => {
  const expired = { ...defaultLimits, timeMs: -1 };
  it.each([
    ['a 4 MB .npy header', npyRaw(`{'descr': '<f8', 'fortran_order': False, 'shape': (${'1,'.repeat(2_000_000)})}`, new Uint8Array(8), 2)],
    ['a tar of 2,000 members', tarOf(Array.from({ length: 2000 }, (_, k) => ({ name: `m${k}`, data: new Uint8Array(1) })))],
  ])('%s: an expired deadline is inconclusive, never clean', async (_name, bytes) => {
    const r = await scanBytes(bytes, 'probe', expired);
    expect(r.verdict).toBe('inconclusive');
  });
});

describe('nesting is bounded by depth, not by file size', () => {
  const chain = (inner: Ops, depth: number): Ops => {
    for (let k = 0; k < depth; k++) inner.tuple1();
    return inner;
  };

  it('a chain of TUPLE1 opcodes keeps at most MAX_NESTING levels, the deeper part forgotten', () => {
    let v: Value = 1;
    for (let k = 0; k < 3 * MAX_NESTING; k++) v = container('tuple', [v]);
    let levels = 0;
    for (let c: Value = v; c !== null && typeof c === 'object' && c.t === 'tuple'; c = c.items[0]!) levels++;
    expect(levels).toBe((v as Container).depth);
    expect(levels).toBeLessThanOrEqual(MAX_NESTING);
  });

  it('code below the cut becomes UNKNOWN, which no argument contract accepts', async () => {
    let v: Value = { t: 'global', module: 'os', name: 'system', via: [] };
    for (let k = 0; k < MAX_NESTING + 5; k++) v = container('list', [v]);
    let bottom: Value = v;
    while (bottom !== null && typeof bottom === 'object' && bottom.t === 'list') bottom = bottom.items[0]!;
    expect(bottom).toBe(UNKNOWN);
    const stream = chain(new Ops().proto(2).global('collections', 'OrderedDict').global('posix', 'system'), 3 * MAX_NESTING).tuple1().reduce().stop().bytes();
    expect((await scanBytes(stream)).verdict).toBe('dangerous');
  });

  it('a 200,000-deep chain of plain data is read to the end and is clean', async () => {
    const r = await scanBytes(chain(new Ops().proto(2).int(1), 200_000).stop().bytes());
    expect(r.verdict, JSON.stringify(r.findings)).toBe('clean');
  });
});
