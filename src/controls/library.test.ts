import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MitigationId, TechniqueId } from '../atlas/ids.ts';
import { parentTechnique } from '../atlas/ids.ts';
import { loadAtlas } from '../atlas/load.ts';
import { loadApplicability } from '../assess/applicability.ts';
import { RampartError } from '../errors.ts';
import { KINDS } from '../inventory/vocabulary.ts';
import { appliesToAsset, coversTechnique, loadControlLibrary } from './library.ts';
import type { Control } from './schema.ts';

const atlas = await loadAtlas();
const library = await loadControlLibrary(atlas);
const controls = [...library.values()];
const applicability = await loadApplicability();

/**
 * Techniques that apply to some asset but that no control of ours can sensibly cover, each with the reason.
 * Empty today: every applicable technique of ATLAS 5.6.0 has a control. Add an entry only for a genuine
 * exception (for instance a technique only the adversary's own preparation could stop), never to silence
 * a missing control.
 */
const UNCOVERABLE: ReadonlyMap<string, string> = new Map<string, string>([
  // Parent-level External Harms is a consequence: it is scored along the attack paths that reach it, and
  // the controls that matter are on those steps. The sub-techniques keep their own controls.
  ['AML.T0048', 'a consequence reached through other techniques; the controls act on the steps of the paths to it'],
]);

/**
 * Technique/asset-type pairs (`<technique> on <element>/<kind>`) that the applicability data names but that no
 * control can truthfully be applied to, each with the reason. Empty today: for every rule of the applicability
 * data, some covering control applies to each element and kind the rule names. Add an entry only for a genuine
 * exception, never to silence a control whose elements or kinds are merely too narrow.
 */
const UNREACHABLE: ReadonlyMap<string, string> = new Map<string, string>([]);

/** Techniques of the bundled release that apply to at least one kind of asset. */
const applicable = [...atlas.techniques.values()].filter((t) => (applicability.entries.get(t.id)?.appliesTo.length ?? 0) > 0);

describe('bundled control library', () => {
  it.each([...atlas.mitigations.keys()])('%s is implemented by at least one control', (mitigation) => {
    expect(controls.filter((c) => c.mitigations.includes(mitigation))).not.toHaveLength(0);
  });

  // A control may only claim techniques its mitigations address in ATLAS, so coverage stays traceable.
  it.each(controls.map((c) => [c.id, c] as const))('%s lists only techniques its mitigations address', (_id, control) => {
    const addressed = new Set(control.mitigations.flatMap((m) => atlas.mitigations.get(m as MitigationId)?.addresses.map((a) => a.technique) ?? []));
    const unsupported = control.techniques.filter((t) => {
      const id = t as TechniqueId;
      const subs = atlas.techniques.get(id)?.subtechniques ?? [];
      return !addressed.has(id) && !addressed.has(parentTechnique(id)) && !subs.some((s) => addressed.has(s));
    });
    expect(unsupported).toEqual([]);
  });

  // Anything ATLAS can mitigate should have at least one concrete control to recommend.
  it('covers every technique that some mitigation addresses', () => {
    const uncovered = [...atlas.techniques.values()].filter((t) => t.mitigations.length > 0 && !controls.some((c) => coversTechnique(c, t.id))).map((t) => t.id);
    expect(uncovered).toEqual([]);
  });

  it('has unique ids and a realistic size', () => {
    expect(new Set(controls.map((c) => c.id)).size).toBe(controls.length);
    expect(controls.length).toBeGreaterThanOrEqual(50);
    expect(controls.length).toBeLessThanOrEqual(100);
  });

  it('has preventive, detective and corrective controls', () => {
    const count = (type: Control['type']) => controls.filter((c) => c.type === type).length;
    expect(count('preventive')).toBeGreaterThan(0);
    expect(count('detective')).toBeGreaterThanOrEqual(5);
    expect(count('corrective')).toBeGreaterThanOrEqual(3);
  });

  it('lists each technique and mitigation once per control', () => {
    for (const c of controls) {
      expect(new Set(c.techniques).size, c.id).toBe(c.techniques.length);
      expect(new Set(c.mitigations).size, c.id).toBe(c.mitigations.length);
      const beyond = c.beyondAtlas.map((b) => b.technique);
      expect(new Set(beyond).size, c.id).toBe(beyond.length);
      expect(beyond.filter((t) => c.techniques.includes(t)), c.id).toEqual([]);
    }
  });
});

describe('coverage beyond ATLAS mitigations', () => {
  const entries = controls.flatMap((c) => c.beyondAtlas.map((b) => ({ control: c, ...b })));

  it('is used, with a reason for every entry', () => {
    expect(entries.length).toBeGreaterThan(0);
    for (const { control, technique, reason } of entries) expect(reason.trim(), `${control.id} ${technique}`).not.toBe('');
  });

  // A technique some ATLAS mitigation addresses belongs under `techniques`, via a control implementing that mitigation.
  it('names only techniques ATLAS maps no mitigation to', () => {
    const mitigated = entries.filter(({ technique }) => (atlas.techniques.get(technique as TechniqueId)?.mitigations.length ?? 0) > 0);
    expect(mitigated.map(({ control, technique }) => `${control.id} → ${technique}`)).toEqual([]);
  });

  // A parent entry also covers the parent's sub-techniques; it must not smuggle in a mitigated one the control's own mitigations do not address.
  it('does not extend a control to mitigated sub-techniques through a parent', () => {
    const smuggled = entries.flatMap(({ control, technique }) =>
      (atlas.techniques.get(technique as TechniqueId)?.subtechniques ?? [])
        .filter((sub) => (atlas.techniques.get(sub)?.mitigations.length ?? 0) > 0 && !coversTechnique({ techniques: control.techniques, beyondAtlas: [] }, sub))
        .map((sub) => `${control.id} → ${technique} → ${sub}`),
    );
    expect(smuggled).toEqual([]);
  });

  it('leaves no technique that applies to an asset without a control, except the listed exceptions', () => {
    const uncovered = applicable.filter((t) => !controls.some((c) => coversTechnique(c, t.id))).map((t) => t.id);
    expect(uncovered).toEqual([...UNCOVERABLE.keys()]);
  });

  it('lists as exceptions only techniques that apply to some asset, each with a reason', () => {
    for (const [id, reason] of UNCOVERABLE) {
      expect(applicable.map((t) => t.id), id).toContain(id);
      expect(reason.trim(), id).not.toBe('');
    }
  });

  // Coverage only counts where the control can be claimed: for techniques without an ATLAS mitigation, each
  // applicability rule must be matched by the elements and kinds of at least one covering control.
  it('can be claimed on every element and kind the applicability data names for techniques without a mitigation', () => {
    const unreachable: string[] = [];
    for (const t of applicable.filter((x) => x.mitigations.length === 0 && !UNCOVERABLE.has(x.id))) {
      const covering = controls.filter((c) => coversTechnique(c, t.id));
      for (const rule of applicability.entries.get(t.id)?.appliesTo ?? []) {
        const kinds: readonly string[] = rule.kinds ?? KINDS[rule.element];
        const reachable = covering.some((c) => c.elements.includes(rule.element) && (!c.kinds || kinds.some((k) => c.kinds?.some((ck) => ck === k))));
        if (!reachable) unreachable.push(`${t.id} on ${rule.element}${rule.kinds ? ` (${rule.kinds.join(', ')})` : ''}`);
      }
    }
    expect(unreachable).toEqual([]);
  });

  // A review credits a control on an asset only when the control applies to the asset's element and kind, so
  // every (element, kind) pair a technique's applicability rules name needs a covering control applicable to
  // exactly that pair — otherwise the technique is a permanent blind spot on such assets.
  // Techniques listed in UNCOVERABLE have no control at all and are exempt here too.
  it('can be claimed on every element and kind each applicability rule names, for every technique', () => {
    const unreachable: string[] = [];
    for (const t of applicable.filter((x) => !UNCOVERABLE.has(x.id))) {
      const covering = controls.filter((c) => coversTechnique(c, t.id));
      for (const rule of applicability.entries.get(t.id)?.appliesTo ?? []) {
        const kinds: readonly string[] = rule.kinds ?? KINDS[rule.element];
        for (const kind of kinds) {
          const pair = `${t.id} on ${rule.element}/${kind}`;
          if (UNREACHABLE.has(pair)) continue;
          const reachable = covering.some((c) => c.elements.includes(rule.element) && (!c.kinds || c.kinds.some((ck) => ck === kind)));
          if (!reachable) unreachable.push(pair);
        }
      }
    }
    expect([...new Set(unreachable)]).toEqual([]);
  });

  it('lists as unreachable exceptions only pairs some applicability rule names, each with a reason', () => {
    const named = new Set(
      applicable.flatMap((t) =>
        (applicability.entries.get(t.id)?.appliesTo ?? []).flatMap((rule) => (rule.kinds ?? KINDS[rule.element]).map((k) => `${t.id} on ${rule.element}/${k}`)),
      ),
    );
    for (const [pair, reason] of UNREACHABLE) {
      expect(named, pair).toContain(pair);
      expect(reason.trim(), pair).not.toBe('');
    }
  });
});

describe('loadControlLibrary on a malformed file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-controls-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const control = (id: string, extra = '') => `
  - id: ${id}
    title: A control
    type: preventive
    description: Does something.
    mitigations: [AML.M0004]
    techniques: [AML.T0029, AML.T0034]
    elements: [model]
    questions: [Is it done?]
    evidence: [A record]${extra}`;

  const cases: { name: string; text: string; path: string; line: number; message: RegExp }[] = [
    {
      name: 'unknown technique',
      text: `controls:${control('first')}${control('second').replace('AML.T0034', 'AML.T9999')}`,
      path: 'controls[1].techniques[1]',
      line: 16,
      message: /technique AML\.T9999/,
    },
    {
      name: 'unknown mitigation',
      text: `controls:${control('first').replace('AML.M0004', 'AML.M0999')}`,
      path: 'controls[0].mitigations[0]',
      line: 6,
      message: /mitigation AML\.M0999/,
    },
    { name: 'duplicate id', text: `controls:${control('same')}${control('same')}`, path: 'controls[1].id', line: 11, message: /"same" is used twice/ },
    { name: 'kind outside the elements', text: `controls:${control('first', '\n    kinds: [classifier, cluster]')}`, path: 'controls[0].kinds[1]', line: 11, message: /kind "cluster"/ },
    { name: 'a requirement on an element the control is not applied to', text: `controls:${control('first', '\n    requires: { data: [storedIn] }')}`, path: 'controls[0].requires.data', line: 11, message: /requires relations of data assets, but is not applied to data/ },
    { name: 'schema violation', text: `controls:${control('first').replace('type: preventive', 'type: deterrent')}`, path: 'controls[0].type', line: 4, message: /not a control library/ },
  ];

  it.each(cases)('$name gives an input error at $path', async ({ text, path, line, message }) => {
    const file = join(dir, `${path.replace(/\W+/g, '-')}.yaml`);
    await writeFile(file, text);
    const error = await loadControlLibrary(atlas, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    const { kind, where, message: text2 } = error as RampartError;
    expect(kind).toBe('input');
    expect(where).toMatchObject({ file, path, line });
    expect(text2).toMatch(message);
  });

  it('reports a missing file as an input error', async () => {
    await expect(loadControlLibrary(atlas, join(dir, 'absent.yaml'))).rejects.toMatchObject({ kind: 'input' });
  });
});

describe('coversTechnique', () => {
  const control = { techniques: ['AML.T0043', 'AML.T0024.002'], beyondAtlas: [{ technique: 'AML.T0012', reason: 'MFA' }] };
  it.each([
    ['AML.T0043', true, 'listed'],
    ['AML.T0043.001', false, 'parent listed, sub-technique not: no inheritance'],
    ['AML.T0024.002', true, 'sub-technique listed'],
    ['AML.T0024', false, 'a listed sub-technique does not cover its parent'],
    ['AML.T0024.000', false, 'nor its siblings'],
    ['AML.T0015', false, 'not listed'],
    ['AML.T0012', true, 'covered beyond ATLAS'],
  ] as const)('%s → %s (%s)', (technique, expected, _why) => {
    expect(coversTechnique(control, technique as TechniqueId)).toBe(expected);
  });
});

describe('where a control is applied at all', () => {
  const registry = library.get('model-registry-access-control')!;
  it.each<[string, Parameters<typeof appliesToAsset>[1], boolean]>([
    ['a model stored in a registry', { element: 'model', kind: 'classifier', relations: { storedIn: ['mlflow'] } }, true],
    ['a SaaS model stored in no registry', { element: 'model', kind: 'llm', relations: { servedBy: ['gateway'] } }, false],
    ['the registry itself', { element: 'platform', kind: 'model-registry', relations: {} }, true],
    ['a data set', { element: 'data', kind: 'training-set', relations: { storedIn: ['mlflow'] } }, false],
  ])('registry access control on %s: %s', (_what, asset, expected) => {
    expect(appliesToAsset(registry, asset)).toBe(expected);
  });

  it('rate limiting needs no relation', () => {
    expect(appliesToAsset(library.get('inference-rate-limiting')!, { element: 'model', kind: 'llm', relations: {} })).toBe(true);
  });

  it.each(['model-artifact-signing', 'model-file-scanning', 'safe-model-deserialisation', 'third-party-artifact-verification'])('%s acts on our copy of a model, never on one its vendor hosts', (id) => {
    const control = library.get(id)!;
    expect(appliesToAsset(control, { element: 'model', kind: 'classifier', relations: {}, attributes: new Set(['thirdPartyArtifacts']) })).toBe(true);
    expect(appliesToAsset(control, { element: 'model', kind: 'classifier', relations: {}, attributes: new Set(['thirdPartyArtifacts', 'vendorHosted']) })).toBe(false);
  });
});
