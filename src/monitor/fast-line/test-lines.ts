/**
 * fast-check arbitraries for the fast reader's differential tests: log lines written as text (not through
 * JSON.stringify), so that they hold what real and hostile logs hold — whitespace anywhere, escaped and repeated
 * keys, numbers in every form JSON allows and some it does not, strings where numbers go, and broken lines.
 */
import fc from 'fast-check';

const space = fc.constantFrom('', '', '', ' ', '\t', '\n ', '\r\n', '  ');

/** Numbers as logs write them: JSON.stringify's forms, hand-written forms, long, huge, and a few invalid ones. */
const validNumber: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 16 }).map((k) => String(k / 16)) },
  { weight: 3, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)) },
  {
    weight: 4,
    arbitrary: fc
      .record({
        minus: fc.boolean(),
        int: fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,20}$/)),
        frac: fc.option(fc.stringMatching(/^[0-9]{1,24}$/), { nil: undefined }),
        exp: fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.stringMatching(/^[0-9]{1,3}$/)), { nil: undefined }),
      })
      .map(({ minus, int, frac, exp }) => `${minus ? '-' : ''}${int}${frac !== undefined ? `.${frac}` : ''}${exp ? exp.join('') : ''}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('-0', '0.0', '-0.0', '1e400', '-1e400', '1e-400', '4.9e-324', '1.7976931348623157e308', '9007199254740993', '0.1000000000000000055511151231257827', '1' + '0'.repeat(400), '123456789012345678901234567890') },
);
const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

/**
 * Numbers of 16 to 20 significant digits: probabilities as JSON.stringify writes them, hand-written long fractions in
 * every position of the dot and exponent, and the decimal expansion of the midpoint between two adjacent doubles in
 * [0.5, 1), cut to 16–20 digits, and one unit either side: where a rounding error would show.
 */
export const wideNumberText: fc.Arbitrary<string> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((x) => JSON.stringify(x)),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => JSON.stringify(x)),
  fc.record({ minus: fc.boolean(), int: fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,5}$/)), frac: digits(10, 22), exp: fc.option(fc.integer({ min: -8, max: 8 }), { nil: undefined }) }).map(
    ({ minus, int, frac, exp }) => `${minus ? '-' : ''}${int}.${frac}${exp === undefined ? '' : `e${exp}`}`,
  ),
  fc.tuple(fc.bigInt({ min: 2n ** 52n, max: 2n ** 53n - 1n }), fc.integer({ min: 16, max: 20 }), fc.constantFrom(-1n, 0n, 1n)).map(([m, length, step]) => {
    const tie = ((2n * m + 1n) * 5n ** 54n).toString().slice(0, length);
    return `0.${(BigInt(tie) + step).toString().padStart(length, '0')}`;
  }),
);

/** Rarely not JSON (a line holds dozens of numbers, and one such makes it invalid): JSON.parse reports these, and so must the monitor. */
export const numberText: fc.Arbitrary<string> = fc.oneof(
  { weight: 150, arbitrary: validNumber },
  { weight: 1, arbitrary: fc.constantFrom('01', '-', '1.', '.5', '+1', '1e', '1e+', '0x10', '-01', 'NaN', 'Infinity', '1.5.2', '--1') },
);

/** Strings: plain, with every escape, unicode (astral and lone surrogates escaped), and number-like text. */
export const stringText: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)) },
  // Not ASCII: the reader leaves these lines to JSON.parse.
  { weight: 1, arbitrary: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => JSON.stringify(s)), fc.constantFrom('"é"', '"😀"', '"\ud800"')) },
  { weight: 8, arbitrary: fc.constantFrom('"key-1"', '"a\\"b"', '"\\u0041\\n\\t\\/\\\\"', '"\\ud800"', '" 12 "', '"0.5"', '"1e3"', '""', '"0x1F"', '"2026-11-30T08:00:00.000Z"', '"2026-11-30T08:00:00Z"', '"2026-02-30T08:00:00Z"', '"2026-11-30T24:00:00Z"', '"2026-11-30 08:00:00"', '"1796025600"', '"1796025600.5"') },
  // Not JSON: a raw control character, a bad escape, an unclosed string.
  { weight: 1, arbitrary: fc.constantFrom('"a\u0001b"', '"\\x41"', '"\\u12G4"', '"open') },
);

/** The shapes a numeric field takes: numbers, rows, matrices, strings for numbers, tensors, and misfits. */
export function numbersText(): fc.Arbitrary<string> {
  const item = fc.oneof({ weight: 8, arbitrary: numberText }, { weight: 1, arbitrary: stringText }, { weight: 1, arbitrary: fc.constantFrom('null', 'true', '[]', '{}', '[1]') });
  const row = fc.array(item, { maxLength: 6 }).chain((xs) => list(xs, '[', ']'));
  const cleanRow = fc.array(numberText, { minLength: 1, maxLength: 70 }).chain((xs) => list(xs, '[', ']'));
  const matrix = fc.array(fc.oneof({ weight: 5, arbitrary: cleanRow }, { weight: 1, arbitrary: row }, { weight: 1, arbitrary: item }), { maxLength: 4 }).chain((rows) => list(rows, '[', ']'));
  // Small shapes: extract.ts makes shape[0] rows, and a hostile 1e9 would take the test's memory (on both paths).
  const shape = fc.array(fc.oneof(fc.integer({ min: -1, max: 5 }).map(String), fc.constantFrom('"2"', '2.5', 'null')), { maxLength: 3 }).map((xs) => `[${xs.join(',')}]`);
  const tensor = fc.tuple(shape, fc.oneof(matrix, cleanRow, row)).chain(([shape, data]) => objectText([['"shape"', fc.constant(shape)], ['"datatype"', fc.constant('"FP32"')], ['"data"', fc.constant(data)]]));
  // As servers write them: a name, the batch first, flat data (sometimes a key repeated, or a member more).
  const served = fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 12 }), fc.boolean())
    .chain(([rows, width, twoDims]) => fc.tuple(fc.constant(twoDims ? `[${rows},${width}]` : `[${rows * width}]`), fc.array(numberText, { minLength: rows * width, maxLength: rows * width }).chain((xs) => list(xs, '[', ']'))))
    .chain(([shape, data]) => objectOf({ name: stringText, shape: fc.constant(shape), datatype: fc.constant('"FP32"'), data: fc.constant(data), parameters: valueText(1) }, 5));
  return fc.oneof({ weight: 5, arbitrary: matrix }, { weight: 3, arbitrary: cleanRow }, { weight: 2, arbitrary: row }, { weight: 1, arbitrary: tensor }, { weight: 2, arbitrary: served }, { weight: 1, arbitrary: item });
}

/** Any JSON value (and some near-JSON), nested up to `depth`. */
export function valueText(depth: number): fc.Arbitrary<string> {
  const leaf = fc.oneof({ weight: 20, arbitrary: numberText }, { weight: 20, arbitrary: stringText }, { weight: 10, arbitrary: fc.constantFrom('true', 'false', 'null') }, { weight: 1, arbitrary: fc.constantFrom('tru', 'nul') });
  if (depth <= 0) return leaf;
  const inner = valueText(depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(inner, { maxLength: 4 }).chain((xs) => list(xs, '[', ']')) },
    { weight: 1, arbitrary: fc.array(fc.tuple(stringText, inner), { maxLength: 4 }).chain((members) => objectText(members.map(([k, v]) => [k, fc.constant(v)]))) },
  );
}

/** Items joined by commas, whitespace around each. */
function list(items: readonly string[], open: string, close: string): fc.Arbitrary<string> {
  return fc.array(space, { minLength: items.length * 2 + 1, maxLength: items.length * 2 + 1 }).map((ws) => open + items.map((x, i) => `${ws[2 * i]}${x}${ws[2 * i + 1]}`).join(',') + (ws[items.length * 2] ?? '') + close);
}

/** An object from its members' key texts and value arbitraries. */
export function objectText(members: readonly [string, fc.Arbitrary<string>][]): fc.Arbitrary<string> {
  if (members.length === 0) return space.map((w) => `{${w}}`);
  return fc.tuple(...members.map(([k, v]) => fc.tuple(space, space, v).map(([a, b, x]) => `${a}${k}${b}:${a}${x}`))).chain((parts) => list(parts, '{', '}'));
}

/** A key as a log may write it: usually plain, sometimes escaped (`\u0072equest` is `request`). */
function keyText(key: string): fc.Arbitrary<string> {
  return fc.oneof({ weight: 40, arbitrary: fc.constant(JSON.stringify(key)) }, { weight: 1, arbitrary: fc.constant(`"\\u${key.charCodeAt(0).toString(16).padStart(4, '0')}${JSON.stringify(key).slice(2)}`) });
}

/**
 * A line of some log's shape (objectOf); then, now and then, broken (cut short, a stray character, not an object).
 */
export function lineText(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  return fc.tuple(objectOf(fields), fc.integer({ min: 0, max: 40 }), fc.nat(), space, space).map(([text, damage, at, before, after]) => {
    const cut = at % (text.length + 1);
    if (damage === 0) return text.slice(0, cut);
    if (damage === 1) return text.slice(0, cut) + '}' + text.slice(cut);
    if (damage === 2) return `[${text}]`;
    if (damage === 3) return `${text}x`;
    if (damage === 4) return `\u00a0${text}\ufeff`;
    return `${before}${text}${after}`;
  });
}

/** An object of members drawn from `fields`, in any order, some missing, some repeated, with unknown extra members. */
export function objectOf(fields: Record<string, fc.Arbitrary<string>>, most = 9): fc.Arbitrary<string> {
  const known = (k: string) => fc.tuple(keyText(k), fields[k] as fc.Arbitrary<string>);
  const keys = fc.uniqueArray(fc.constantFrom(...Object.keys(fields)), { maxLength: most });
  // Now and then a key twice (JSON.parse keeps the last) and members no path reads.
  const again = fc.option(fc.constantFrom(...Object.keys(fields)), { freq: 8, nil: undefined });
  const extra = fc.array(fc.tuple(stringText, valueText(2)), { maxLength: 2 });
  return fc
    .tuple(keys, again, extra)
    .chain(([ks, k, more]) => fc.tuple(fc.tuple(...[...ks, ...(k ? [k] : [])].map(known)), fc.shuffledSubarray(more)))
    .chain(([ms, more]) => fc.shuffledSubarray([...ms, ...more], { minLength: ms.length + more.length }))
    .chain((ms) => objectText(ms.map(([k, v]) => [k, fc.constant(v)])));
}
