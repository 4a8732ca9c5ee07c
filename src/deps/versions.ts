import pep440 from '@renovatebot/pep440';
import semver from 'semver';
import type { Ecosystem } from './types.ts';

/** Version order by the ecosystem's own rules: PEP 440 for PyPI, SemVer 2 for npm. */
export interface VersionOrder {
  valid(version: string): boolean;
  /** Negative, zero or positive; both versions must be valid. */
  compare(a: string, b: string): number;
  /** A string equal for versions the ecosystem calls equal (`1.13` and `1.13.0` under PEP 440). */
  identity(version: string): string;
}

/**
 * The libraries parse both strings on every comparison; a lock file against a large advisory set compares
 * the same few thousand strings millions of times, so results are kept (bounded).
 */
function memoised<T>(compute: (key: string) => T, limit = 200_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      if (cache.size >= limit) cache.clear();
      value = compute(key);
      cache.set(key, value);
    }
    return value as T;
  };
}

function order(valid: (v: string) => boolean, compare: (a: string, b: string) => number, identity: (v: string) => string): VersionOrder {
  const validOnce = memoised(valid);
  const pair = memoised((key) => {
    const at = key.indexOf('\u0000');
    return compare(key.slice(0, at), key.slice(at + 1));
  });
  return { valid: validOnce, compare: (a, b) => (a === b ? 0 : pair(`${a}\u0000${b}`)), identity: memoised(identity) };
}

const pypiIdentity = (version: string): string => {
  const parsed = pep440.parse(version);
  if (!parsed) return version;
  const release = [...parsed.release];
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  return JSON.stringify([parsed.epoch, release, parsed.pre, parsed.post, parsed.dev, parsed.local]);
};

const orders: Readonly<Record<Ecosystem, VersionOrder>> = {
  PyPI: order((v) => pep440.valid(v) !== null, (a, b) => pep440.compare(a, b), pypiIdentity),
  npm: order(
    (v) => semver.valid(v, { loose: true }) !== null,
    (a, b) => semver.compare(a, b, { loose: true }),
    (v) => semver.valid(v, { loose: true }) ?? v,
  ),
};

export const versionOrder = (ecosystem: Ecosystem): VersionOrder => orders[ecosystem];
