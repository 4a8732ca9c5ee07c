import { describe, expect, it } from 'vitest';
import { COVERAGE_COLOUR } from './html/colours.ts';
import { aReview } from './interchange-fixture.ts';
import { navigatorValidator } from './interchange-schemas.ts';
import { tacticShortName } from './interchange-shared.ts';
import { renderNavigator } from './navigator.ts';

interface Entry { techniqueID: string; tactic: string; score?: number; color: string; comment: string; enabled: boolean; showSubtechniques: boolean }
interface Layer { domain: string; versions: { layer: string; navigator: string }; techniques: Entry[]; legendItems: unknown[]; gradient: unknown }

const waived = { waivers: [{ findingId: 'chatbot/AML.T0051', justification: 'sandboxed', approver: 'ciso', expires: '2027-01-01', expired: false }] };
const layer = JSON.parse(await renderNavigator(aReview(), waived)) as Layer;
const entries = (id: string) => layer.techniques.filter((t) => t.techniqueID === id);

describe('renderNavigator', () => {
  const validate = navigatorValidator();

  it('is a valid 4.5 layer for the ATLAS domain', () => {
    expect(validate(layer), JSON.stringify(validate.errors)).toBe(true);
    expect(layer.domain).toBe('atlas-atlas');
    expect(layer.versions).toMatchObject({ layer: '4.5', navigator: '5.1.0' });
    expect(validate({ ...layer, domain: 'atlas' })).toBe(false);
  });

  it('scores a technique with the highest risk among its assets and colours it by the worst coverage', () => {
    const [exfil] = entries('AML.T0024');
    expect(exfil?.score).toBe(16);
    expect(exfil?.color).toBe(COVERAGE_COLOUR['blind-spot']);
    expect(entries('AML.T0020')[0]?.color).toBe(COVERAGE_COLOUR.detected);
  });

  it('explains per asset in the comment, waivers included', () => {
    const comment = entries('AML.T0024')[0]?.comment ?? '';
    expect(comment).toContain('fraud-model: blind spot, risk 16 (critical)');
    expect(comment).toContain('chatbot: prevented, risk 3 (low)');
    expect(entries('AML.T0051')[0]?.comment).toContain('waived until 2027-01-01 by ciso');
  });

  it('places a technique under each of its tactics by short name', () => {
    expect(entries('AML.T0051').map((e) => e.tactic)).toEqual(['execution', 'defense-evasion']);
    expect(tacticShortName('AI Model Access')).toBe('ai-model-access');
    expect(tacticShortName('Command and Control')).toBe('command-and-control');
  });

  it.each([
    ['AML.T0040', 'Ruled out by the organisation: weather (no inference API)'],
    ['AML.T0072', 'applies to no asset'],
    ['AML.T0099', 'Not assessed: new in ATLAS 5.6.0'],
  ])('disables %s, saying why', (id, why) => {
    const [entry] = entries(id);
    expect(entry?.enabled).toBe(false);
    expect(entry?.score).toBeUndefined();
    expect(entry?.comment).toContain(why);
  });

  it('expands a parent whose sub-technique is annotated', () => {
    expect(entries('AML.T0010')[0]?.showSubtechniques).toBe(true);
    expect(entries('AML.T0010.001')[0]?.score).toBe(6);
  });

  it('carries a gradient and one legend item per coverage state', () => {
    expect(layer.legendItems).toHaveLength(6);
    expect(layer.gradient).toMatchObject({ minValue: 0, maxValue: 25 });
  });
});
