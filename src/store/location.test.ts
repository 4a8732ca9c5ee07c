import { describe, expect, it } from 'vitest';
import { whoRuns } from '../review/history.ts';
import { describeLocation, resolveStoreLocation } from './location.ts';

describe('resolveStoreLocation', () => {
  it.each([
    { name: 'default folder', store: undefined, env: {}, expected: { kind: 'pglite', dir: '/work/.rampart/store' } },
    { name: 'RAMPART_STORE', store: undefined, env: { RAMPART_STORE: 'db' }, expected: { kind: 'pglite', dir: '/work/db' } },
    { name: 'DATABASE_URL beats RAMPART_STORE', store: undefined, env: { RAMPART_STORE: 'db', DATABASE_URL: 'postgres://h/d' }, expected: { kind: 'postgres', url: 'postgres://h/d' } },
    { name: '--store beats DATABASE_URL', store: '/abs/store', env: { DATABASE_URL: 'postgres://h/d' }, expected: { kind: 'pglite', dir: '/abs/store' } },
    { name: '--store may be a URL', store: 'postgresql://h/d', env: {}, expected: { kind: 'postgres', url: 'postgresql://h/d' } },
  ])('$name', ({ store, env, expected }) => {
    expect(resolveStoreLocation({ store, env, cwd: '/work' })).toEqual(expected);
  });

  it('never shows a password', () => {
    expect(describeLocation({ kind: 'postgres', url: 'postgres://u:hunter2@h:5432/d' })).toBe('postgres://u:***@h:5432/d');
  });
});

describe('whoRuns', () => {
  it.each([
    { explicit: 'ana', env: { GITHUB_ACTOR: 'bot' }, expected: 'ana' },
    { explicit: undefined, env: { RAMPART_USER: 'bo', GITHUB_ACTOR: 'bot' }, expected: 'bo' },
    { explicit: undefined, env: { GITLAB_USER_LOGIN: 'gl' }, expected: 'gl' },
    { explicit: undefined, env: {}, expected: 'login' },
    { explicit: '  ', env: {}, expected: 'login' },
  ])('$expected', ({ explicit, env, expected }) => {
    expect(whoRuns(explicit, env, () => 'login')).toBe(expected);
  });
});
