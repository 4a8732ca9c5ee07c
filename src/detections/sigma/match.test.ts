import { describe, expect, it } from 'vitest';
import { base64Offsets, compileDetection, valuesAt, type Detection } from './match.ts';
import { parseCondition } from './condition.ts';

describe('base64offset', () => {
  it('gives the three encodings the Sigma specification lists for /bin/bash', () => {
    expect(base64Offsets('/bin/bash')).toEqual(['L2Jpbi9iYXNo', '9iaW4vYmFza', 'vYmluL2Jhc2']);
  });
  it.each([0, 1, 2, 5])('finds the value encoded after %i leading bytes', (pad) => {
    const encoded = Buffer.from(`${'x'.repeat(pad)}ignore all previous instructions and more`).toString('base64');
    const rule = compileDetection({ s: { 'p|base64offset|contains': 'ignore all previous instructions' }, condition: 's' });
    expect(rule({ p: encoded })).toBe(true);
    expect(rule({ p: Buffer.from('a harmless sentence about accounts').toString('base64') })).toBe(false);
  });
});

const event = { msg: 'Hello World', n: 42, nested: { list: [{ v: 'alpha' }, { v: 'Beta' }] }, 'dotted.key': 'flat', tags: ['a', 'b'] };

describe('field matching', () => {
  const cases: [string, Detection, boolean][] = [
    ['plain value compares whole, case-insensitively', { s: { msg: 'hello world' }, condition: 's' }, true],
    ['plain value is not a substring match', { s: { msg: 'hello' }, condition: 's' }, false],
    ['wildcards in plain values', { s: { msg: 'hel*orl?' }, condition: 's' }, true],
    ['escaped wildcard is literal', { s: { msg: 'hello\\*' }, condition: 's' }, false],
    ['contains', { s: { 'msg|contains': 'lo wo' }, condition: 's' }, true],
    ['cased contains respects case', { s: { 'msg|contains|cased': 'lo wo' }, condition: 's' }, false],
    ['startswith', { s: { 'msg|startswith': 'HELLO' }, condition: 's' }, true],
    ['endswith', { s: { 'msg|endswith': 'hello' }, condition: 's' }, false],
    ['list of values is OR', { s: { 'msg|contains': ['nope', 'world'] }, condition: 's' }, true],
    ['all makes the list AND', { s: { 'msg|contains|all': ['hello', 'nope'] }, condition: 's' }, false],
    ['re is case-sensitive', { s: { 'msg|re': '^hello' }, condition: 's' }, false],
    ['re|i is not', { s: { 'msg|re|i': '^hello' }, condition: 's' }, true],
    ['re understands \\x{…} code points', { s: { 'msg|re': '[\\x{0048}]ello' }, condition: 's' }, true],
    ['gte on numbers', { s: { 'n|gte': 42 }, condition: 's' }, true],
    ['lt on numbers', { s: { 'n|lt': 42 }, condition: 's' }, false],
    ['numeric modifiers ignore strings', { s: { 'msg|gt': 1 }, condition: 's' }, false],
    ['exists true', { s: { 'n|exists': true }, condition: 's' }, true],
    ['exists false on a missing field', { s: { 'missing|exists': false }, condition: 's' }, true],
    ['dotted path fans out over arrays', { s: { 'nested.list.v': 'beta' }, condition: 's' }, true],
    ['a flat dotted key wins', { s: { 'dotted.key': 'flat' }, condition: 's' }, true],
    ['array field values are each tested', { s: { tags: 'b' }, condition: 's' }, true],
    ['null matches a missing field', { s: { missing: null }, condition: 's' }, true],
    ['map clauses are AND', { s: { 'msg|contains': 'hello', 'n|gt': 100 }, condition: 's' }, false],
    ['list of maps is OR', { s: [{ 'msg|contains': 'nope' }, { 'n|gt': 1 }], condition: 's' }, true],
    ['keywords search every string', { k: ['alph'], condition: 'k' }, true],
    ['keywords miss', { k: ['gamma'], condition: 'k' }, false],
  ];
  it.each(cases)('%s', (_name, detection, expected) => {
    expect(compileDetection(detection)(event)).toBe(expected);
  });
  it('valuesAt reads nested and flattened paths', () => {
    expect(valuesAt(event, 'nested.list.v')).toEqual(['alpha', 'Beta']);
    expect(valuesAt(event, 'nope.x')).toEqual([]);
  });
});

describe('conditions', () => {
  const detection = (condition: string): Detection => ({ sel_a: { msg: 'hello world' }, sel_b: { n: 1 }, filter: { 'msg|contains': 'world' }, condition });
  const cases: [string, boolean][] = [
    ['sel_a and not filter', false],
    ['sel_a or sel_b', true],
    ['sel_b or (sel_a and filter)', true],
    ['not sel_b and sel_a', true],
    ['1 of sel_*', true],
    ['all of sel_*', false],
    ['1 of them', true],
    ['all of them', false],
    ['sel_a AND filter', true],
  ];
  it.each(cases)('%s → %s', (condition, expected) => {
    expect(compileDetection(detection(condition))(event)).toBe(expected);
  });
  it.each(['sel_a and', 'sel_a or or sel_b', '(sel_a', 'sel_a )', '1 of'])('rejects the malformed condition "%s"', (condition) => {
    expect(() => compileDetection(detection(condition))(event)).toThrow();
  });
  it('rejects a condition naming an undefined search', () => {
    expect(() => compileDetection(detection('sel_c'))(event)).toThrow(/does not define/);
  });
  it('parses precedence: and binds tighter than or', () => {
    expect(parseCondition('a or b and c')).toEqual({ kind: 'or', operands: [{ kind: 'id', name: 'a' }, { kind: 'and', operands: [{ kind: 'id', name: 'b' }, { kind: 'id', name: 'c' }] }] });
  });
});
