import { describe, expect, it } from 'vitest';
import { colourEnabled } from './output.ts';

describe('colour', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ CI: 'true' }, false, false],
    [{ NO_COLOR: '' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '0' }, true, true],
  ])('env %j, tty %s → %s', (env, tty, expected) => expect(colourEnabled(env, tty)).toBe(expected));
});
