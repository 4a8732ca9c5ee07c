import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { line, scanned, scanNumber, skipValue } from './json-scan.ts';
import { numberText, valueText, wideNumberText } from './test-lines.ts';

/** The text as the reader holds it: its bytes and a 0 after them. */
function bytes(text: string): Buffer {
  line.text = text;
  line.start = 0;
  line.end = text.length;
  return Buffer.from(`${text}\0`);
}

const isAscii = (text: string) => [...text].every((c) => c.charCodeAt(0) < 128);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('the JSON scanner', () => {
  it('reads every number as JSON.parse does, and refuses what it refuses', () => {
    const forms = fc.oneof(numberText, fc.double().map(String), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String));
    fc.assert(
      fc.property(forms, (text) => {
        const end = scanNumber(bytes(text), 0);
        if (!parses(text)) expect(end, text).not.toBe(text.length);
        else {
          expect(end, text).toBe(text.length);
          expect(Object.is(scanned.number, JSON.parse(text)), text).toBe(true);
        }
      }),
      { numRuns: 20000 },
    );
  });

  it.each(['-0', '0.1', '9007199254740993', '9007199254740991.5', '0.07492800964973867', '0.9250719903502613', '-0.9250719903502613', '0.99999999999999999999', '9.250719903502613e-1', '92.50719903502613e-2', '0.00000000000000000000009250719903502613', '4503599627370496.5', '4503599627370497.5', '-4503599627370496.5', '2251799813685248.25', '2251799813685248.75', '1e22', '1e23', '123456789e-22', '1e-400', '1e400', '4.9e-324', '2.2250738585072011e-308'])('%s', (text) => {
    expect(scanNumber(bytes(text), 0)).toBe(text.length);
    expect(Object.is(scanned.number, JSON.parse(text))).toBe(true);
  });

  it('reads fractions of 16 to 20 significant digits exactly, ties and their neighbours included (wideFraction)', () => {
    fc.assert(
      fc.property(wideNumberText, (text) => {
        expect(scanNumber(bytes(text), 0), text).toBe(text.length);
        expect(Object.is(scanned.number, JSON.parse(text)), text).toBe(true);
      }),
      { numRuns: 50000 },
    );
  });

  it('reads an exponent of eight or more digits exactly, however many fraction digits come before it', () => {
    // A million fraction digits and an exponent of 10,000,000: a capped exponent less the fraction's length fell within
    // ±22 and was read as 1 (found in review); JSON.parse gives Infinity.
    for (const text of [`0.${'0'.repeat(999_999)}1e10000000`, `1${'0'.repeat(999_990)}e-10000000`, '1e123456789', '1e-123456789', '5e0000000000001']) {
      expect(scanNumber(bytes(text), 0)).toBe(text.length);
      expect(Object.is(scanned.number, JSON.parse(text)), text.slice(0, 20)).toBe(true);
    }
  });

  it('takes a value exactly where JSON.parse takes it, at any depth', () => {
    fc.assert(
      fc.property(valueText(5).filter(isAscii), (text) => {
        expect(skipValue(bytes(text), 0) === text.length, text).toBe(parses(text));
      }),
      { numRuns: 5000 },
    );
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    expect(skipValue(bytes(deep), 0)).toBe(deep.length);
  });
});
