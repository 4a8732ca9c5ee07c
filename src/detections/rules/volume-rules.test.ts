import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../ml/rng.ts';
import { MAPPING_PRESETS, type LogMapping } from '../mapping.ts';
import type { DetectiveGap } from '../gaps.ts';
import { sigmaDocuments, sigmaYaml } from '../sigma/rule.ts';
import { DEFAULT_TAG_STYLE } from '../sigma/tags.ts';
import type { Event } from '../sigma/match.ts';
import { runSigmaFile } from '../test-support/run-rule.ts';
import { RULES } from './catalogue.ts';

// A day of traffic in Rampart's query-log shape: 40 benign clients with heavy-tailed rates (one request every
// 30 s to every 10 min on average) and skewed labels, and one client per attack pattern. Each attack must fire
// the rule written for it; no benign client may fire any volume rule.

const mapping = MAPPING_PRESETS.rampart as LogMapping;
const review = { organisation: 'Test Org', generatedAt: '2026-12-01T10:00:00.000Z', reviewDate: '2026-12-01', atlasVersion: '5.6.0' };
const gap: DetectiveGap = { findingId: 'model/x', assetId: 'model', techniqueId: 'AML.T0024.002', techniqueName: 'Extract AI Model', reason: 'blind-spot', rules: [], owner: 'team', riskScore: 10 };
const ruleFile = (rule: string) => sigmaYaml(sigmaDocuments('model', [gap], RULES[rule] as (typeof RULES)[string], { review, mapping, tagStyle: DEFAULT_TAG_STYLE, canaries: [], allowedHosts: [] }));

const DAY_START = Date.UTC(2026, 0, 5);
const HOUR = 3_600_000;
const rng = createRng(13);

function client(id: string, start: number, count: number, gapMs: () => number, label: () => number, tokens: () => number): Event[] {
  const out: Event[] = [];
  let t = start;
  for (let i = 0; i < count; i++) {
    t += gapMs();
    out.push({ time: new Date(t).toISOString(), target: id, labels: [label()], completionTokens: tokens(), ms: 200 + rng.int(400) });
  }
  return out;
}

const exp = (meanMs: number) => () => -Math.log(1 - rng.next()) * meanMs;
const skewed = () => (rng.next() < 0.7 ? 0 : 1 + rng.int(9));
const normalTokens = () => 50 + rng.int(750);

const ATTACKERS: Record<string, { rule: string; events: () => Event[] }> = {
  flood: { rule: 'flood', events: () => client('flood', DAY_START + 2 * HOUR, 2000, () => 20, skewed, normalTokens) },
  extraction: { rule: 'extraction-volume', events: () => client('extraction', DAY_START + 3 * HOUR, 3000, () => 500, () => rng.int(10), normalTokens) },
  'slow-extraction': { rule: 'extraction-slow', events: () => client('slow-extraction', DAY_START, 8000, () => 10_000, () => rng.int(10), normalTokens) },
  membership: { rule: 'membership-probing', events: () => client('membership', DAY_START + 5 * HOUR, 400, () => 1_200, () => 3, normalTokens) },
  'boundary-search': { rule: 'evasion-search', events: () => client('boundary-search', DAY_START + 6 * HOUR, 1000, () => 330, () => (rng.next() < 0.5 ? 1 : 7), normalTokens) },
  'cost-harvest': { rule: 'token-burn', events: () => client('cost-harvest', DAY_START + 7 * HOUR, 60, () => 45_000, skewed, () => 4000 + rng.int(4000)) },
};

let events: Event[];
const benignIds: string[] = [];

beforeAll(() => {
  const all: Event[] = [];
  for (let i = 0; i < 40; i++) {
    const meanGap = 30_000 * 20 ** rng.next();
    const id = `benign-${i}`;
    benignIds.push(id);
    all.push(...client(id, DAY_START, Math.floor((24 * HOUR) / meanGap), exp(meanGap), skewed, normalTokens));
  }
  for (const a of Object.values(ATTACKERS)) all.push(...a.events());
  events = all.sort((a, b) => String(a.time).localeCompare(String(b.time)));
});

const VOLUME_RULES = ['flood', 'extraction-volume', 'extraction-slow', 'membership-probing', 'evasion-search', 'token-burn'];
const fired = new Map<string, Set<string>>();
const firedClients = (rule: string) => fired.get(rule) ?? fired.set(rule, firedOnce(rule)).get(rule) as Set<string>;
const firedOnce = (rule: string) => new Set((runSigmaFile(ruleFile(rule), events).hits ?? []).map((h) => (JSON.parse(h.group.split('|')[0] as string) as string[])[0] as string));

describe('volume rules over a day of traffic', () => {
  it.each(Object.entries(ATTACKERS))('the %s client fires its rule', (id, attacker) => {
    expect(firedClients(attacker.rule).has(id)).toBe(true);
  });
  it.each(VOLUME_RULES)('%s fires for no benign client', (rule) => {
    expect([...firedClients(rule)].filter((c) => benignIds.includes(c))).toEqual([]);
  });
  it('the slow extraction stays under the hourly rule, which is why the daily one exists', () => {
    expect(firedClients('extraction-volume').has('slow-extraction')).toBe(false);
  });
  it('resource-intensive flags the long generations one by one', () => {
    const matched = runSigmaFile(ruleFile('resource-intensive'), events).matched;
    expect(new Set(matched.map((e) => e.target))).toEqual(new Set(['cost-harvest']));
  });
});
