import { describe, expect, it } from 'vitest';
import { usesEmbeddedStore } from './early-store.ts';

describe('PGlite starts before the review verb loads only when the review opens the embedded store', () => {
  const pg = 'postgres://rampart@127.0.0.1:5432/test';
  it.each([
    [['examples/acme-bank'], {}, true],
    [['examples/acme-bank', '--store', '/tmp/s'], {}, true],
    [['examples/acme-bank', '--store=/tmp/s'], {}, true],
    [['examples/acme-bank', '--no-store'], {}, false],
    [['examples/acme-bank', '--store', pg], {}, false],
    [['examples/acme-bank', `--store=${pg}`], {}, false],
    [['examples/acme-bank'], { DATABASE_URL: pg }, false],
    // --store wins over DATABASE_URL, as resolveStoreLocation decides for the review itself.
    [['examples/acme-bank', '--store', '/tmp/s'], { DATABASE_URL: pg }, true],
    [['examples/acme-bank'], { RAMPART_STORE: '/tmp/s' }, true],
    [['show', '3'], {}, true],
    [['--help'], {}, false],
    [['-h'], {}, false],
  ])('review %j with env %j → %s', (argv, env, expected) => {
    expect(usesEmbeddedStore(argv, env)).toBe(expected);
  });
});
