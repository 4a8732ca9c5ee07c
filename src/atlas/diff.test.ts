import { describe, expect, it } from 'vitest';
import { buildAtlas } from './atlas.ts';
import { diffAtlas } from './diff.ts';
import { renderAtlasDiff } from './diff-text.ts';
import { loadAtlas } from './load.ts';
import { AtlasRelease } from './schema.ts';

const fixture = (v: string) => new URL(`../../test/fixtures/atlas/ATLAS-${v}.yaml`, import.meta.url).pathname;

/** A tiny release: T0051 in the tactics given, T0051.000 inheriting them. */
function release(version: string, tactics: string[], maturity?: 'feasible' | 'realized') {
  const allTactics = ['AML.TA0004', 'AML.TA0005', 'AML.TA0006', 'AML.TA0007', 'AML.TA0012'].map((id) => ({ id, name: `Tactic ${id.slice(-2)}` }));
  return buildAtlas(
    AtlasRelease.parse({
      id: 'ATLAS',
      name: 'ATLAS',
      version,
      matrices: [
        {
          id: 'ATLAS',
          name: 'ATLAS',
          tactics: allTactics,
          techniques: [
            { id: 'AML.T0051', name: 'LLM Prompt Injection', tactics, ...(maturity ? { maturity } : {}) },
            { id: 'AML.T0051.000', name: 'Direct', 'subtechnique-of': 'AML.T0051' },
          ],
        },
      ],
    }),
  );
}

describe('atlas diff: tactic moves and names', () => {
  it.each([
    { name: 'left four tactics for one (as AML.T0051 did from 4.7 to 5.x)', from: ['AML.TA0004', 'AML.TA0006', 'AML.TA0007', 'AML.TA0012'], to: ['AML.TA0005'], added: ['AML.TA0005'], removed: ['AML.TA0004', 'AML.TA0006', 'AML.TA0007', 'AML.TA0012'] },
    { name: 'joined a tactic', from: ['AML.TA0004'], to: ['AML.TA0004', 'AML.TA0012'], added: ['AML.TA0012'], removed: [] },
    { name: 'left a tactic', from: ['AML.TA0004', 'AML.TA0012'], to: ['AML.TA0004'], added: [], removed: ['AML.TA0012'] },
    { name: 'same tactics in another order', from: ['AML.TA0012', 'AML.TA0004'], to: ['AML.TA0004', 'AML.TA0012'], added: [], removed: [] },
  ])('$name', ({ from, to, added, removed }) => {
    const diff = diffAtlas(release('1.0.0', from), release('2.0.0', to));
    const moves = diff.techniques.tacticsChanged;
    if (added.length + removed.length === 0) return expect(moves).toEqual([]);
    // The sub-technique inherits its parent's tactics, so it moves with it.
    expect(moves.map((m) => m.id)).toEqual(['AML.T0051', 'AML.T0051.000']);
    expect(moves[0]).toEqual({ id: 'AML.T0051', name: 'LLM Prompt Injection', from, to, added, removed });
    const text = renderAtlasDiff(diff);
    expect(text).toContain('Techniques that moved between tactics: 2');
    for (const t of [...added, ...removed]) expect(text).toContain(`${t} Tactic ${t.slice(-2)}`);
  });

  it('reports the tactic moves from 4.9.1 to 5.6.0 (AML.T0012, AML.T0052) and names every added id in text', async () => {
    const diff = diffAtlas(await loadAtlas(fixture('4.9.1')), await loadAtlas());
    expect(diff.techniques.tacticsChanged).toContainEqual({ id: 'AML.T0012', name: 'Valid Accounts', from: ['AML.TA0004'], to: ['AML.TA0004', 'AML.TA0012'], added: ['AML.TA0012'], removed: [] });
    expect(diff.techniques.tacticsChanged.map((m) => m.id)).toEqual(expect.arrayContaining(['AML.T0052', 'AML.T0052.000']));
    expect(diff.techniques.names['AML.T0080']).toBe('AI Agent Context Poisoning');
    expect(diff.mitigations.names['AML.M0034']).toBe('Deepfake Detection');
    const text = renderAtlasDiff(diff);
    expect(text).toContain('+ AML.T0080 AI Agent Context Poisoning');
    expect(text).toContain('+ AML.TA0015 Lateral Movement');
    expect(text).toContain('↔ AML.T0012 Valid Accounts: joined AML.TA0012 Privilege Escalation');
    expect(text).toMatch(/maturity first stated for \d+ technique\(s\) ATLAS 4\.9\.1 gave none/);
    // Every added technique line carries a name.
    for (const line of text.split('\n').filter((l) => /^ {2}\+ AML\.T\d/.test(l))) expect(line).toMatch(/^ {2}\+ AML\.T[\d.]+ \S/);
  });

  it('names removed ids from the older release', async () => {
    const diff = diffAtlas(await loadAtlas(), await loadAtlas(fixture('4.9.1')));
    expect(diff.techniques.removed).toContain('AML.T0080');
    expect(diff.techniques.names['AML.T0080']).toBe('AI Agent Context Poisoning');
    expect(renderAtlasDiff(diff)).toContain('- AML.T0080 AI Agent Context Poisoning');
  });
});
