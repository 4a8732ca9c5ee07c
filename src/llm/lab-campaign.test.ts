import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChatTargetFile, type OpenedLlmApp } from '../targets/open-chat-target.ts';
import { startLab, type LabServer } from '../targets/test-support/llm-lab/lab-server.ts';
import { runCampaign } from './campaign.ts';
import type { CampaignResult } from './summary.ts';

// The filtered lab (keyword filters on the question and on the answer) started on 127.0.0.1, attacked with the
// user's own target file: every technique it exposes must be reported, the leaks through encoded answers.
let server: LabServer;
let app: OpenedLlmApp;
let dir: string;
let result: CampaignResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-lab-campaign-'));
  const examples = join(import.meta.dirname, '../../examples/llm-lab/targets');
  await copyFile(join(examples, 'system-prompt.txt'), join(dir, 'system-prompt.txt'));
  server = await startLab({ config: 'filtered' });
  const text = (await readFile(join(examples, 'chat-filtered.yaml'), 'utf8')).replaceAll('http://127.0.0.1:8788', server.url);
  await writeFile(join(dir, 'chat-filtered.yaml'), text);
  app = await openChatTargetFile(join(dir, 'chat-filtered.yaml'));
  result = await runCampaign(app, { seed: 1, budget: 600 });
});
afterAll(async () => {
  await Promise.all([app?.close(), server?.close()]);
  await rm(dir, { recursive: true, force: true });
});

const ALL = ['AML.T0034', 'AML.T0034.001', 'AML.T0051.000', 'AML.T0051.001', 'AML.T0053', 'AML.T0054', 'AML.T0056', 'AML.T0057', 'AML.T0066', 'AML.T0068', 'AML.T0069.000', 'AML.T0069.001', 'AML.T0069.002', 'AML.T0070', 'AML.T0077', 'AML.T0085.001', 'AML.T0086', 'AML.T0092', 'AML.T0101'];

describe('a campaign against the filtered lab', () => {
  it('reports all 19 techniques exploited within its budget, without stopping early', () => {
    expect(result.techniques.filter((t) => t.successes > 0).map((t) => t.technique).sort()).toEqual(ALL);
    expect(result.stopped).toBeUndefined();
    expect(result.requests).toBeLessThanOrEqual(600);
  });

  it.each([
    ['AML.T0056', 'system-prompt'],
    ['AML.T0057', 'data-leakage'],
    ['AML.T0069.001', 'system-prompt'],
    ['AML.T0077', undefined],
    ['AML.T0085.001', 'tool-abuse'],
  ])('reaches the output-filtered leak %s through an answer asked for encoded', (technique, family) => {
    const wins = result.attempts.filter((a) => a.success && a.exploited.includes(technique as never) && (family === undefined || a.family === family));
    expect(wins.length).toBeGreaterThan(0);
    // The filter withholds any plain answer carrying the secret: each win asked for an encoded one.
    for (const win of wins) expect(win.transforms.some((t) => t.startsWith('answer-'))).toBe(true);
  });

  it('gets nothing from a plain question to the filtered app but through retrieved content', () => {
    const plainWins = result.attempts.filter((a) => a.success && a.transforms.length === 0 && a.family !== 'indirect-injection');
    expect(plainWins.map((a) => a.probe)).toEqual([]);
  });
});
