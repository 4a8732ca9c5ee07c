import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInThrottle } from '../accounts/throttle.ts';
import { harness, signIn, type Harness } from './test-support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

describe('sign-in throttling (the clock is moved, never waited for)', () => {
  // Every sign-in runs scrypt, failed ones included: the harness's accounts at a test-only cost, unknown accounts
  // (the 20 guesses below) against the real one (N=2^15, 176 ms of CPU each at load 33), which took up to 97 s of wall
  // time in the whole suite at load 20-35; vitest.config.ts's limits only turn a hang into a failure.
  it('after 5 failures an account is refused (429, Retry-After) even with the right password, until the window passes', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(h, 'auditor', 'wrong-password', { 'x-test-address': `203.0.113.${i}` })).status).toBe(401);
    const blocked = await h.request('/api/session', { method: 'POST', body: JSON.stringify({ name: 'auditor', password: 'auditor-correct-horse' }), headers: { origin: 'http://rampart.test', 'x-test-address': '203.0.113.99' } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    h.clock.advance(15 * 60_000);
    expect((await signIn(h, 'auditor', 'auditor-correct-horse', { 'x-test-address': '203.0.113.99' })).status).toBe(200);
  });

  it('one address trying many accounts is refused after 20 failures, for every account', async () => {
    for (let i = 0; i < 20; i++) await signIn(h, `guess-${i}`, 'wrong-password', { 'x-test-address': '192.0.2.77' });
    expect((await signIn(h, 'viewer', 'viewer-correct-horse', { 'x-test-address': '192.0.2.77' })).status).toBe(429);
    expect((await signIn(h, 'viewer', 'viewer-correct-horse', { 'x-test-address': '192.0.2.78' })).status).toBe(200);
  });
});

describe('SignInThrottle', () => {
  it.each([
    { name: 'under the limit', failures: 4, advance: 0, wait: false },
    { name: 'at the limit', failures: 5, advance: 0, wait: true },
    { name: 'at the limit, window passed', failures: 5, advance: 15 * 60_000, wait: false },
  ])('$name', ({ failures, advance, wait }) => {
    let now = 0;
    const throttle = new SignInThrottle(() => new Date(now));
    for (let i = 0; i < failures; i++) throttle.failed('Ana', `a${i}`);
    now += advance;
    expect(throttle.retryAfter('ana', 'elsewhere') > 0).toBe(wait);
  });
});
