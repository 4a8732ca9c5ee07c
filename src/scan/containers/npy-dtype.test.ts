import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dtypeFromString } from './npy-dtype.ts';
import { parseHeader } from './numpy.ts';
import { parsePyLiteral } from './py-literal.ts';

/** What NumPy 2.4 itself answered (test/fixtures/numpy-headers/make.py). */
const expected = JSON.parse(readFileSync(join(import.meta.dirname, '../../../test/fixtures/numpy-headers/expected.json'), 'utf8')) as [string, number, { itemsize: number; hasObject: boolean; count: number } | null][];

describe('.npy headers read as NumPy reads them', () => {
  it.each(expected)('%s (version %i)', (header, major, want) => {
    const got = parseHeader(header, major);
    if (want === null) expect(typeof got).toBe('string');
    else expect(got).toEqual({ dtype: { itemsize: want.itemsize, hasObject: want.hasObject }, count: want.count });
  });
});

/** `np.dtype(s)` on NumPy 2.4: item size and hasobject, or undefined when NumPy raises. */
const strings: [string, number | undefined, boolean][] = [
  ['f8', 8, false], ['<f8', 8, false], ['|f8', 8, false], ['float64', 8, false], ['float32', 4, false], ['float', 8, false],
  ['int', 8, false], ['int8', 1, false], ['uint64', 8, false], ['bool', 1, false], ['?', 1, false], ['b1', 1, false],
  ['b', 1, false], ['h', 2, false], ['i', 4, false], ['l', 8, false], ['e', 2, false], ['f', 4, false], ['d', 8, false],
  ['g', 16, false], ['F', 8, false], ['D', 16, false], ['G', 32, false], ['O', 8, true], ['|O', 8, true], ['<O', 8, true],
  ['O8', 8, true], ['O4', 8, true], ['object', 8, true], ['object_', 8, true], ['T', 16, true], ['S5', 5, false],
  ['a5', 5, false], ['U10', 40, false], ['<U10', 40, false], ['V8', 8, false], ['M8[ns]', 8, false], ['<M8[ns]', 8, false],
  ['m8[s]', 8, false], ['datetime64[ns]', 8, false], ['c16', 16, false], ['complex128', 16, false], ['i4,f8', 12, false],
  ['i4,O', 12, true], ['(2,3)f8', 48, false], ['3i4', 12, false], ['(2,)O', 16, true], ['f8, O', 16, true], ['f16', 16, false],
  ['half', 2, false], ['longdouble', 16, false], ['intp', 8, false],
  [' f8', undefined, false], ['f8 ', undefined, false], ['F8', undefined, false], ['Float64', undefined, false],
  ['O2', undefined, false], ['b2', undefined, false], ['f3', undefined, false], ['i3', undefined, false],
];

describe('dtype strings as numpy.dtype builds them', () => {
  it.each(strings)('%s', (s, itemsize, hasObject) => {
    const got = dtypeFromString(s);
    if (itemsize === undefined) expect(got).toBeUndefined();
    else expect(got).toEqual({ itemsize, hasObject });
  });
});

describe('Python literals', () => {
  it.each([
    ["'a' \"b\" '''c'''", { k: 'str', v: 'abc' }],
    ["('x',)", { k: 'tuple', items: [{ k: 'str', v: 'x' }] }],
    ["('x')", { k: 'str', v: 'x' }],
    ['-0x10', { k: 'int', v: -16n }],
    ["r'\\x4f'", { k: 'str', v: '\\x4f' }],
    ["'\\x4f\\117'", { k: 'str', v: 'OO' }],
    ['{1, 2}', { k: 'set', items: [{ k: 'int', v: 1n }, { k: 'int', v: 2n }] }],
    ['1+2j', { k: 'complex' }],
  ])('%s', (text, want) => expect(parsePyLiteral(text)).toEqual(want));

  it.each(['f(1)', "f'x'", '01', "'a' b'b'", '[1,', '1 2', 'x.y'])('refuses %s', (text) => expect(() => parsePyLiteral(text)).toThrow());

  it('parses a 4 MB header in linear time and stops at the deadline', () => {
    const big = `{'descr': '<f8', 'fortran_order': False, 'shape': (${'1, '.repeat(1 << 20)}),}`;
    expect(parseHeader(big, 2)).toMatchObject({ dtype: { itemsize: 8 } });
    expect(parseHeader(big, 2, 0)).toMatch(/time limit/);
    const deep = `{'descr': ${'['.repeat(100_000)}`;
    expect(parseHeader(deep, 2)).toMatch(/nested too deeply/);
  });
});
