import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCampaign } from '../../llm/campaign.ts';
import { createDetectors } from '../../monitor/detectors.ts';
import { presetMapping } from '../../monitor/mapping.ts';
import { replayLogs } from '../../monitor/replay.ts';
import type { Alert } from '../../monitor/alerts.ts';
import { openChatTargetFile } from '../../targets/open-chat-target.ts';
import { startLab, type LabServer } from '../../targets/test-support/llm-lab/lab-server.ts';

// `rampart attack llm` against the weak lab with a full query log, replayed through the LLM detectors: the
// red team's own injections, jailbreaks and encoded probes, and the leaks they caused, must all be seen.
let server: LabServer;
let dir: string;
let alerts: Alert[];
let requests: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-llm-replay-'));
  const examples = join(import.meta.dirname, '../../../examples/llm-lab/targets');
  await copyFile(join(examples, 'system-prompt.txt'), join(dir, 'system-prompt.txt'));
  server = await startLab({ config: 'weak' });
  const text = (await readFile(join(examples, 'chat-weak.yaml'), 'utf8')).replaceAll('http://127.0.0.1:8787', server.url);
  await writeFile(join(dir, 'chat.yaml'), `${text}\nqueryLog: { path: ${join(dir, 'chat.jsonl')}, includeContent: true }\n`);
  const app = await openChatTargetFile(join(dir, 'chat.yaml'));
  const result = await runCampaign(app, { seed: 1, budget: 160 });
  requests = result.requests;
  await app.close();
  const params = { 'monitor/reply-leakage': { canaries: ['ORCHID-5521', 'ops-7f3a.internal.acme.example'], systemPrompt: await readFile(join(dir, 'system-prompt.txt'), 'utf8') } };
  ({ alerts } = await replayLogs([join(dir, 'chat.jsonl')], presetMapping('rampart'), createDetectors(['monitor/prompt-attacks', 'monitor/reply-leakage'], params)));
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the red team's own LLM campaign, replayed", () => {
  it.each(['AML.T0051', 'AML.T0054', 'AML.T0068', 'AML.T0056', 'AML.T0057'])('raises %s', (technique) => {
    expect(requests).toBeGreaterThan(50);
    expect(alerts.some((a) => a.techniques.includes(technique as never))).toBe(true);
  });
});
