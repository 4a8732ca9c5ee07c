import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChatTargetFile, type OpenedLlmApp } from '../targets/open-chat-target.ts';
import { AZURE_KEY, startAzureOpenAi } from '../targets/test-support/foreign-llm/azure-openai.ts';
import { GEMINI_KEY, startGemini } from '../targets/test-support/foreign-llm/gemini.ts';
import { TANSY_KEY, startLangServe } from '../targets/test-support/foreign-llm/langserve.ts';
import { startOllama } from '../targets/test-support/foreign-llm/ollama.ts';
import { ASTER_KEY, startResponsesApi } from '../targets/test-support/foreign-llm/openai-responses.ts';
import { startTgi } from '../targets/test-support/foreign-llm/tgi.ts';
import { runCampaign } from './campaign.ts';
import type { CampaignResult } from './summary.ts';

/*
 * Servers the red team was not built against (src/targets/test-support/foreign-llm/, whose README has the verdicts
 * expected of each, written before the first run), attacked through the target files of docs/llm-red-teaming.md,
 * "Other servers", exactly as printed there: only the scheme and host of `url:` are replaced by the stand-in's.
 */
const env = { GEMINI_API_KEY: GEMINI_KEY, AZURE_OPENAI_API_KEY: AZURE_KEY, OPENAI_API_KEY: ASTER_KEY, TANSY_API_KEY: TANSY_KEY };
const names = ['ollama', 'tgi', 'gemini', 'azure-openai', 'openai-responses', 'langserve'] as const;
type Name = (typeof names)[number];

/** The yaml blocks of the docs section whose first line is `# <name>`. */
async function documentedTargetFiles(): Promise<Map<string, string>> {
  const docs = await readFile(new URL('../../docs/llm-red-teaming.md', import.meta.url), 'utf8');
  const section = docs.slice(docs.indexOf('## Other servers'), docs.indexOf('\n## ', docs.indexOf('## Other servers') + 3));
  const files = new Map<string, string>();
  for (const [, body] of section.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    const name = /^# ([\w-]+)\n/.exec(body ?? '')?.[1];
    if (name) files.set(name, body as string);
  }
  return files;
}

let dir: string;
const closers: (() => Promise<void>)[] = [];
const results = {} as Record<Name, { app: OpenedLlmApp; result: CampaignResult }>;
let azureThrottled: () => number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-foreign-'));
  const files = await documentedTargetFiles();
  expect([...files.keys()].sort()).toEqual([...names].sort());
  const azure = await startAzureOpenAi({ throttle: { at: [4, 40], seconds: 1 } });
  azureThrottled = azure.throttled;
  const servers: Record<Name, { url: string; close(): Promise<void> }> = {
    ollama: await startOllama(),
    tgi: await startTgi(),
    gemini: await startGemini(),
    'azure-openai': azure,
    'openai-responses': await startResponsesApi({ failOn: [3] }),
    langserve: await startLangServe(),
  };
  for (const server of Object.values(servers)) closers.push(server.close);
  await Promise.all(
    names.map(async (name) => {
      const yaml = (files.get(name) as string).replace(/^url: https?:\/\/[^/\s]+/m, `url: ${servers[name].url}`);
      await writeFile(join(dir, `${name}.yaml`), yaml);
      const app = await openChatTargetFile(join(dir, `${name}.yaml`), { env });
      closers.push(() => app.close());
      results[name] = { app, result: await runCampaign(app, { seed: 1, budget: 300 }) };
    }),
  );
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await rm(dir, { recursive: true, force: true });
});

const exploited = (name: Name): string[] => results[name].result.techniques.filter((t) => t.successes > 0).map((t) => t.technique);
const replies = (name: Name): string[] => results[name].result.attempts.flatMap((a) => a.turns.map((t) => t.reply ?? ''));

describe('servers Rampart was not built against, through the documented target files', () => {
  it.each(names)('%s: the campaign runs to its end with no target error, and every request got a reply', (name) => {
    expect(results[name].result.stopped).not.toBe('target-error');
    expect(replies(name).length).toBeGreaterThan(50);
  });

  it.each([
    ['ollama', ['AML.T0051.000', 'AML.T0056', 'AML.T0057'], []],
    ['tgi', ['AML.T0051.000'], ['AML.T0056', 'AML.T0057']],
    ['gemini', [], ['AML.T0051.000', 'AML.T0054', 'AML.T0056', 'AML.T0057', 'AML.T0068', 'AML.T0077']],
    ['azure-openai', ['AML.T0056', 'AML.T0057'], ['AML.T0051.000', 'AML.T0054']],
    ['openai-responses', ['AML.T0051.000', 'AML.T0056'], ['AML.T0057']],
    ['langserve', ['AML.T0056'], ['AML.T0051.000', 'AML.T0057']],
  ] as [Name, string[], string[]][])('%s: exploited %j, held %j', (name, found, held) => {
    expect(exploited(name)).toEqual(expect.arrayContaining(found));
    for (const technique of held) expect(exploited(name)).not.toContain(technique);
  });

  it('tgi: the closing special token is not part of any reply', () => {
    expect(replies('tgi').some((r) => r.includes('</s>'))).toBe(false);
    expect(replies('tgi').filter((r) => r !== '').length).toBeGreaterThan(50);
  });

  it('gemini: prompts its safety filter stopped are refusals (HTTP 200, promptFeedback.blockReason), not failures', () => {
    const blocked = results.gemini.result.attempts.flatMap((a) => a.turns.filter((t) => t.blocked !== undefined));
    expect(blocked.length).toBeGreaterThan(20);
    expect(blocked[0]?.blocked).toBe('HTTP 200, promptFeedback.blockReason = "SAFETY"');
  });

  it('azure-openai: content-filter 400s are refusals and each 429 was waited out as long as it asked', () => {
    expect(results['azure-openai'].result.attempts.some((a) => a.turns.some((t) => t.blocked?.includes('content_filter')))).toBe(true);
    // Two throttled requests, each retried after its Retry-After: no retry was refused again. (Other retries may
    // happen on a loaded machine — a kept-alive socket the server closed — so the count is the server's.)
    expect(azureThrottled()).toBe(2);
    expect(results['azure-openai'].app.target.spent().throttled).toBe(2);
  });

  it('openai-responses: the answer that failed mid-stream (response.failed, HTTP 200) was retried, not judged', () => {
    expect(results['openai-responses'].app.target.spent().retries).toBeGreaterThanOrEqual(1);
    expect(results['openai-responses'].result.attempts.every((a) => a.turns.every((t) => t.reply !== ''))).toBe(true);
  });
});
