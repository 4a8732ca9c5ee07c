import { describe, expect, it } from 'vitest';
import { findPii } from './detectors.ts';

const cards = (text: string): string[] => findPii(text).filter((p) => p.kind === 'card').map((p) => p.value);

describe('card numbers in a reply', () => {
  it.each([
    ['Visa, spaced', 'Your card 4111 1111 1111 1111 is on file.', ['4111 1111 1111 1111']],
    ['Mastercard, dashed', 'Charged to 5555-5555-5555-4444 today.', ['5555-5555-5555-4444']],
    ['American Express', 'Amex 378282246310005 expires 04/28.', ['378282246310005']],
  ])('reads %s', (_name, text, want) => {
    expect(cards(text)).toEqual(want);
  });

  it.each([
    ['a post ID that passes Luhn, starting with 9 (no network)', 'See https://x.example/status/988912020558602331 for the thread.'],
    ['a Visa-like number of a length Visa never issues', 'Order 411111111111111118 shipped (18 digits, passes Luhn).'],
  ])('leaves %s', (_name, text) => {
    expect(cards(text)).toEqual([]);
  });
});
