import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAtlas } from '../../src/atlas/load.ts';
import { loadControlLibrary } from '../../src/controls/library.ts';
import { InventoryFile } from '../../src/inventory/schema.ts';
import type { Element, Relation } from '../../src/inventory/vocabulary.ts';
import { readSourceFile } from '../../src/util/yaml-source.ts';
import { parseWith } from '../../src/util/zod-input.ts';

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const read = async (name: string) => parseWith(InventoryFile, await readSourceFile(here(name), name), `${name} is not an inventory file`, 'see src/inventory/schema.ts');

const inventory = await read('inventory.yaml');
const register = await read('register.yaml');
const library = await loadControlLibrary(await loadAtlas());
const assets = new Map(inventory.assets.map((a) => [a.id, a]));
const asset = (id: string) => {
  const found = assets.get(id);
  if (!found) throw new Error(`no asset ${id}`);
  return found;
};

/** What each relation must point at, from the meanings in src/inventory/vocabulary.ts. */
const TARGET_ELEMENT: Record<Relation, Element | undefined> = {
  trainedOn: 'data',
  servedBy: 'platform',
  runsIn: 'environment',
  retrievesFrom: 'data',
  logsTo: 'data',
  storedIn: 'platform',
  dependsOn: undefined,
};

// The review date the register's dates are written against (see README.md).
const REVIEW_DATE = '2026-11-15';

describe('acme-bank inventory', () => {
  it('names the organisation and has at least 14 uniquely named assets over all four elements', () => {
    expect(inventory.organisation?.name).toBe('Acme Bank');
    expect(inventory.assets.length).toBeGreaterThanOrEqual(14);
    expect(assets.size).toBe(inventory.assets.length);
    expect(new Set(inventory.assets.map((a) => a.element))).toEqual(new Set(['environment', 'platform', 'model', 'data']));
    expect(register.assets).toEqual([]);
  });

  it('has relations that point at existing assets of the right element', () => {
    const problems: string[] = [];
    for (const a of inventory.assets) {
      for (const [relation, targets] of Object.entries(a.relations) as [Relation, string[]][]) {
        for (const target of targets) {
          const found = assets.get(target);
          const wanted = TARGET_ELEMENT[relation];
          if (!found) problems.push(`${a.id}.${relation} → ${target}: no such asset`);
          else if (wanted && found.element !== wanted) problems.push(`${a.id}.${relation} → ${target}: is ${found.element}, not ${wanted}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses only hosts under the reserved .example TLD', () => {
    const urls = inventory.assets.flatMap((a) => [...a.endpoints.map((e) => e.url), ...a.artifacts.flatMap((x) => (x.source ? [x.source] : []))]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(new URL(url).hostname, url).toMatch(/\.example$/);
  });

  it('gives every asset an owner and every framework a version', () => {
    for (const a of inventory.assets) {
      expect(a.owner, a.id).toBeTruthy();
      for (const f of a.frameworks) expect(f.version, `${a.id} ${f.name}`).toBeTruthy();
    }
  });

  // The same techniques must apply to both so that risk, not applicability, tells them apart.
  it('contrasts a critical public credit model with a low-stakes internal weather model', () => {
    const credit = asset('credit-scoring');
    const weather = asset('weather-forecast');
    expect(credit).toMatchObject({ element: 'model', exposure: 'public', criticality: 'critical', dataSensitivity: 'restricted' });
    expect(weather).toMatchObject({ element: 'model', exposure: 'internal', criticality: 'low', dataSensitivity: 'public' });
    for (const model of [credit, weather]) {
      expect(model.endpoints, model.id).not.toHaveLength(0);
      expect(model.attributes.returnsScores, model.id).toBe(true);
    }
    expect(asset('fraud-detector')).toMatchObject({ kind: 'classifier', exposure: 'public' });
  });

  it('has a customer-support agent with a RAG corpus and tools', () => {
    const agent = asset('support-assistant');
    expect(agent.kind).toBe('agent');
    expect(agent.attributes).toMatchObject({ hasTools: true, retrievesUntrustedContent: true });
    expect(agent.relations.retrievesFrom?.map((id) => asset(id).kind)).toContain('rag-corpus');
  });
});

describe('acme-bank control register', () => {
  const claims = register.controls;

  it('has 20–30 claims of library controls, each claimed once', () => {
    expect(claims.length).toBeGreaterThanOrEqual(20);
    expect(claims.length).toBeLessThanOrEqual(30);
    expect(claims.map((c) => c.control).filter((id) => !library.has(id))).toEqual([]);
    expect(new Set(claims.map((c) => c.control)).size).toBe(claims.length);
    expect(inventory.controls).toEqual([]);
  });

  it('scopes claims to assets and selectors that exist', () => {
    for (const { control, scope } of claims) {
      if (scope === 'all') continue;
      const ids = Array.isArray(scope) ? scope : (scope.assets ?? []);
      for (const id of ids) expect(assets.has(id), `${control} → ${id}`).toBe(true);
      if (Array.isArray(scope)) continue;
      // A selector that matches nothing is a typo, not a scope.
      const matched = inventory.assets.filter(
        (a) =>
          (!scope.elements || scope.elements.includes(a.element)) &&
          (!scope.kinds || scope.kinds.includes(a.kind)) &&
          (!scope.tags || scope.tags.some((t) => a.tags.includes(t))),
      );
      expect(matched.length, control).toBeGreaterThan(0);
    }
  });

  it('has the deliberate gaps the README describes', () => {
    const yearBefore = `${Number(REVIEW_DATE.slice(0, 4)) - 1}${REVIEW_DATE.slice(4)}`;
    const implemented = claims.filter((c) => c.status === 'implemented');
    expect(implemented.filter((c) => c.evidence.length > 0 && (c.lastVerified ?? '') >= '2026-06-01').length).toBeGreaterThanOrEqual(5);
    expect(implemented.filter((c) => c.evidence.length === 0).length).toBeGreaterThanOrEqual(2);
    expect(implemented.filter((c) => c.lastVerified !== undefined && c.lastVerified < yearBefore).length).toBeGreaterThanOrEqual(2);
    expect(claims.filter((c) => c.status === 'partial').length).toBeGreaterThanOrEqual(2);
    expect(claims.filter((c) => c.status === 'planned').length).toBeGreaterThanOrEqual(2);
    for (const c of claims) if (c.lastVerified) expect(c.lastVerified <= REVIEW_DATE, c.control).toBe(true);
    // Kinds of scope the register must exercise: everything, a list of assets, and a selector.
    expect(claims.some((c) => c.scope === 'all')).toBe(true);
    expect(claims.some((c) => Array.isArray(c.scope))).toBe(true);
    expect(claims.some((c) => typeof c.scope === 'object' && !Array.isArray(c.scope))).toBe(true);
    // The critical credit model is left without rate limiting: the headline gap of the example.
    const rateLimited = claims.find((c) => c.control === 'inference-rate-limiting')?.scope;
    expect(Array.isArray(rateLimited) && !rateLimited.includes('credit-scoring')).toBe(true);
    // Controls beyond ATLAS mitigations: MFA holds up, secrets are half managed, nothing watches the hosts.
    const status = (id: string) => claims.find((c) => c.control === id);
    expect(status('ml-platform-mfa')).toMatchObject({ status: 'implemented', evidence: expect.arrayContaining([expect.anything()]) });
    expect(status('secrets-management')?.status).toBe('partial');
    expect(status('host-edr-on-ml-infrastructure')).toBeUndefined();
    expect(status('credential-compromise-response')).toBeUndefined();
  });
});
