import { describe, expect, it } from 'vitest';
import { promptCorpus } from '../../checks/monitor/prompt-attacks/corpus/load.ts';
import type { DetectiveGap } from '../gaps.ts';
import { MAPPING_PRESETS, type LogMapping } from '../mapping.ts';
import { sigmaDocuments, sigmaYaml } from '../sigma/rule.ts';
import { DEFAULT_TAG_STYLE } from '../sigma/tags.ts';
import { runSigmaFile } from '../test-support/run-rule.ts';
import { RULES } from './catalogue.ts';

// The prompt rules as `rampart detections` writes them, over the monitor's prompt corpus (prompts in the styles public
// red-team tools send and ordinary prompts near them, written apart from the patterns: src/checks/monitor/prompt-attacks/
// corpus/) in an OpenAI-compatible gateway's log. Sigma has no decoded views and no pairs of weak cues, so it reads
// fewer attempts than the monitor; until the monitor's patterns were carried over (2026-12-07) the rules flagged 13 of
// round 5's 60 attempts and 6 of its 150 user prompts, on bare words ("system prompt", "jailbreak", "developer mode").
const PROMPT_RULES = ['prompt-injection', 'jailbreak', 'prompt-obfuscation', 'system-prompt-request'];
const review = { organisation: 'Test Org', generatedAt: '2026-12-01T10:00:00.000Z', reviewDate: '2026-12-01', atlasVersion: '5.6.0' };
const gap = (rule: string): DetectiveGap => ({ findingId: `app/${rule}`, assetId: 'app', techniqueId: 'AML.T0051', techniqueName: 'LLM Prompt Injection', reason: 'blind-spot', rules: [rule], owner: 'team', riskScore: 10 });
const mapping = MAPPING_PRESETS['openai-gateway'] as LogMapping;
const files = PROMPT_RULES.map((rule) => sigmaYaml(sigmaDocuments('app', [gap(rule)], RULES[rule] as (typeof RULES)[string], { review, mapping, tagStyle: DEFAULT_TAG_STYLE, canaries: [], allowedHosts: [] })));

function flagged(prompts: readonly string[]): number {
  const events = prompts.map((content) => ({ timestamp: '2026-12-01T00:00:00Z', api_key_id: 'k', request: { messages: [{ role: 'user', content }] }, response: { choices: [{ message: { content: 'ok' } }] } }));
  const hit = new Set<object>();
  for (const file of files) for (const e of runSigmaFile(file, events).matched) hit.add(e);
  return hit.size;
}

describe('the Sigma prompt rules on the monitor’s prompt corpus', () => {
  it.each([
    ['round-1', 48, 0],
    ['round-2', 58, 0],
    ['round-3', 43, 1],
    ['round-4', 35, 2],
    ['round-5', 43, 1],
    ['round-6', 27, 1],
    ['round-7', 23, 1],
    // Round 8's user prompts quote attack phrases to ask about them; a rule cannot see the quotation marks (the
    // monitor flags none of them: mention.ts).
    ['round-8', 27, 7],
    ['round-9', 31, 4],
    ['round-10', 30, 3],
  ] as const)('%s: at least %i attempts flagged, at most %i user prompts', (name, caught, falseAlarms) => {
    const corpus = promptCorpus(name);
    expect(flagged(corpus.attacks.map((a) => a.text))).toBeGreaterThanOrEqual(caught);
    expect(flagged(corpus.benign.map((b) => b.text))).toBeLessThanOrEqual(falseAlarms);
  });
});
