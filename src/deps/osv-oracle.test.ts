import { describe, expect, it } from 'vitest';
import { loadAdvisories, packageKey } from './osv/load.ts';
import { matchDependencies } from './scan.ts';
import type { Dependency } from './types.ts';
import { versionOrder } from './versions.ts';

const FIXTURE = new URL('../../test/fixtures/osv-pypa', import.meta.url).pathname;
const now = new Date('2024-11-01T00:00:00Z');

/**
 * The PyPA advisories list affected releases in `versions` besides their ranges. That list is an oracle
 * independent of our range evaluation: every release an advisory lists must be reported with it. (The
 * converse does not hold: the lists were computed once and miss later releases that the ranges cover, such
 * as notebook 5.7.14 under "fixed 6.1.5" — OSV says the ranges decide, and so do we.) And no advisory may be
 * reported for the release its range names as the fix.
 */
describe('OSV matching against the PyPA fixture', async () => {
  const data = await loadAdvisories(FIXTURE);
  const packages = [...data.byPackage.keys()].map((key) => key.split('\u0000')[1] ?? '');

  it('loads every advisory in the fixture', () => {
    expect(data.count).toBeGreaterThan(400);
    expect(data.rejected).toEqual([]);
  });

  it.each(packages)('%s: every listed release is reported with the advisories that list it; no fix release is', (name) => {
    const key = packageKey('PyPI', name);
    const advisories = data.byPackage.get(key) ?? [];
    const order = versionOrder('PyPI');
    const releases = [...new Set(advisories.flatMap((a) => a.affected.filter((x) => x.package && packageKey(x.package.ecosystem, x.package.name) === key).flatMap((x) => x.versions)))].filter((v) => order.valid(v));
    const disagreements: string[] = [];
    for (const version of releases) {
      const dependency: Dependency = { ecosystem: 'PyPI', name, version, origin: { file: 'oracle' } };
      const reported = new Set(matchDependencies([dependency], data, now).vulnerable.map((v) => v.advisory));
      const listed = new Set(advisories.filter((a) => a.affected.some((x) => x.versions.some((v) => order.valid(v) && order.compare(v, version) === 0))).map((a) => a.id));
      for (const id of listed) if (!reported.has(id)) disagreements.push(`${version}: ${id} lists it but was not reported`);
    }
    for (const advisory of advisories) {
      const ranges = advisory.affected.filter((x) => x.package && packageKey(x.package.ecosystem, x.package.name) === key).flatMap((x) => x.ranges.filter((r) => r.type === 'ECOSYSTEM'));
      // Only single-range advisories: with several ranges, one range's fix can sit inside another's span.
      if (ranges.length !== 1) continue;
      for (const fixed of (ranges[0]?.events ?? []).flatMap((e) => (e.fixed ? [e.fixed] : []))) {
        const dependency: Dependency = { ecosystem: 'PyPI', name, version: fixed, origin: { file: 'oracle' } };
        if (matchDependencies([dependency], data, now).vulnerable.some((v) => v.advisory === advisory.id)) disagreements.push(`${fixed}: ${advisory.id} reported for its own fix release`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
