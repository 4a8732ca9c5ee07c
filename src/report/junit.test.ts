import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { FormatContext } from './format-context.ts';
import { aReview, HOSTILE_NAME } from './interchange-fixture.ts';
import { renderJunit } from './junit.ts';

const context: FormatContext = { waivers: [{ findingId: 'fraud-model/AML.T0020', justification: 'manual <review> & "sign-off"', approver: 'ciso', expires: '2027-01-31', expired: false }] };
const xml = await renderJunit(aReview(), context);
type Node = Record<string, unknown>;
const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(xml) as { testsuites: Node & { testsuite: (Node & { testcase?: Node[]; properties: { property: Node[] } })[] } };
const suites = parsed.testsuites.testsuite;
const suite = (id: string) => suites.find((s) => String(s.name).startsWith(`${id} (`));
const testCase = (asset: string, technique: string) => suite(asset)?.testcase?.find((c) => String(c.name).startsWith(`${technique} `));

describe('renderJunit', () => {
  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(XMLValidator.validate('<testsuites><testsuite></testsuites>')).not.toBe(true);
  });

  it('has a suite per asset with counts that add up, and totals on the root', () => {
    expect(suites.map((s) => String(s.name).split(' ')[0])).toEqual(['fraud-model', 'chatbot', 'weather']);
    expect(suite('fraud-model')).toMatchObject({ tests: '3', failures: '2', skipped: '1', errors: '0' });
    expect(suite('chatbot')).toMatchObject({ tests: '4', failures: '1', skipped: '0' });
    expect(suite('weather')).toMatchObject({ tests: '0' });
    expect(parsed.testsuites).toMatchObject({ tests: '7', failures: '3', skipped: '1' });
  });

  it.each([
    ['fraud-model', 'AML.T0024', 'failure'], // blind spot
    ['chatbot', 'AML.T0051', 'failure'], // exploited
    ['fraud-model', 'AML.T0010.001', 'failure'], // claimed at medium risk
    ['chatbot', 'AML.T0010.001', 'pass'], // claimed at low risk
    ['chatbot', 'AML.T0024', 'pass'], // prevented
    ['fraud-model', 'AML.T0020', 'skipped'], // waived
  ])('%s × %s: %s', (asset, technique, outcome) => {
    const c = testCase(asset, technique);
    expect(c).toBeDefined();
    expect('failure' in (c ?? {})).toBe(outcome === 'failure');
    expect('skipped' in (c ?? {})).toBe(outcome === 'skipped');
  });

  it('escapes hostile inventory text and round-trips it exactly', () => {
    const cleaned = HOSTILE_NAME.replace('\u0001', '\uFFFD');
    expect(suite('fraud-model')?.name).toBe(`fraud-model (${cleaned})`);
    const names = suite('fraud-model')?.properties.property.find((p) => p.name === 'asset.name');
    expect(names?.value).toBe(cleaned);
    expect((testCase('fraud-model', 'AML.T0020')?.skipped as Node).message).toContain('manual <review> & "sign-off"');
    expect(xml).not.toContain('\u0001');
  });

  it('carries the reasoning in the failure body', () => {
    const failure = testCase('fraud-model', 'AML.T0024')?.failure as Node;
    expect(failure.type).toBe('blind-spot');
    expect(String(failure['#text'])).toContain('blind-spot <because> & "so"');
  });
});
