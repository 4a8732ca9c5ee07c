import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoMillis } from './iso-time.ts';

/** isoMillis of a whole string, or Date.parse where it declines: what the reader gives for a time. */
const read = (s: string) => isoMillis(Buffer.from(`"${s}"\0`), 1, s.length + 1) ?? Date.parse(s);

describe('ISO times from their digits', () => {
  it('equal Date.parse for every instant toISOString writes, with and without milliseconds', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (d) => {
        const s = d.toISOString();
        expect(isoMillis(Buffer.from(s), 0, s.length)).toBe(Date.parse(s));
        const whole = `${s.slice(0, 19)}Z`;
        expect(read(whole)).toBe(Date.parse(whole));
      }),
      { numRuns: 5000 },
    );
  });

  it('equal Date.parse (or NaN) for strings of the form with any digits in any place', () => {
    const digit = fc.constantFrom(...'0123456789');
    const form = fc.array(digit, { minLength: 17, maxLength: 17 }).map((d) => `${d.slice(0, 4).join('')}-${d[4]}${d[5]}-${d[6]}${d[7]}T${d[8]}${d[9]}:${d[10]}${d[11]}:${d[12]}${d[13]}.${d[14]}${d[15]}${d[16]}Z`);
    fc.assert(
      fc.property(form, fc.boolean(), (s, millis) => {
        const t = millis ? s : `${s.slice(0, 19)}Z`;
        expect(read(t)).toBe(Date.parse(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('equal Date.parse read one after another within an hour, valid or not (the hour read last is kept)', () => {
    const digit = fc.constantFrom(...'0123456789');
    const within = fc.tuple(fc.constantFrom('2026-11-30T08', '2026-11-30T09', '2024-02-29T23', '2026-02-29T08', '2026-11-30T24'), digit, digit, digit, digit, digit, digit, digit, fc.boolean());
    fc.assert(
      fc.property(fc.array(within, { maxLength: 20 }), (times) => {
        for (const [h, m1, m2, s1, s2, a, b, c, millis] of times) {
          const t = `${h}:${m1}${m2}:${s1}${s2}${millis ? `.${a}${b}${c}` : ''}Z`;
          expect(read(t), t).toBe(Date.parse(t));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it.each(['2026-02-29T00:00:00Z', '2100-02-29T00:00:00.000Z', '2026-04-31T00:00:00Z', '2026-11-30T24:00:00Z', '2026-11-30T23:59:60Z', '2026-11-30T08:00:00.5Z', '2026-11-30T08:00:00.000+00:00', '2026-11-30 08:00:00Z', '+002026-11-30T08:00:00Z'])('leaves %s to Date.parse', (s) => {
    expect(isoMillis(Buffer.from(s), 0, s.length)).toBeUndefined();
  });
});
