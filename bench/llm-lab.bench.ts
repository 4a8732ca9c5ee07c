// `npm run bench llm-lab`: the LLM campaign (src/llm/campaign.ts) against the lab's three configurations on
// 127.0.0.1, through the real OpenAI-compatible chat target (streaming) opened from the example target files.
// Per technique: the requests sent and the wall time until its first exploit. Seeded, so the requests column
// is reproducible; wall time depends on the machine.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openChatTargetFile } from '../src/targets/open-chat-target.ts';
import { labConfigs } from '../src/targets/test-support/llm-lab/lab-app.ts';
import { startLab } from '../src/targets/test-support/llm-lab/lab-server.ts';

interface Attempt {
  exploited: string[];
}
type RunCampaign = (app: unknown, options: { budget?: number; seed?: number; onTranscript?: (a: Attempt) => void }) => Promise<{ requests: number; tokens: number; stopped?: string; error?: string; techniques: { technique: string; attempts: number; successes: number }[] }>;

const BUDGET = Number(process.env.LLM_BUDGET ?? 2000);
const SEED = Number(process.env.SEED ?? 1);

export async function run(): Promise<void> {
  const campaign = (await import(`../src/llm/campaign${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`).catch(() => ({}))) as { runCampaign?: RunCampaign };
  if (typeof campaign.runCampaign !== 'function') {
    console.log('skipped: the LLM probes (src/llm/campaign.ts) are not in this build');
    return;
  }
  const examples = join(import.meta.dirname, '../examples/llm-lab/targets');
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-llm-'));
  copyFileSync(join(examples, 'system-prompt.txt'), join(dir, 'system-prompt.txt'));
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}; budget ${BUDGET} requests, seed ${SEED}`);
  for (const [i, config] of labConfigs.entries()) {
    const lab = await startLab({ config });
    const file = join(dir, `chat-${config}.yaml`);
    writeFileSync(file, readFileSync(join(examples, `chat-${config}.yaml`), 'utf8').replaceAll(`http://127.0.0.1:${8787 + i}`, lab.url));
    const app = await openChatTargetFile(file);
    const started = performance.now();
    const first = new Map<string, { requests: number; ms: number }>();
    const result = await campaign.runCampaign(app, {
      budget: BUDGET,
      seed: SEED,
      onTranscript: (attempt) => {
        for (const t of attempt.exploited) if (!first.has(t)) first.set(t, { requests: app.target.spent().requests, ms: performance.now() - started });
      },
    });
    const wall = (performance.now() - started) / 1000;
    await app.close();
    await lab.close();
    const exploited = result.techniques.filter((t) => t.successes > 0);
    console.log(`\n### ${config}: ${exploited.length} of ${result.techniques.length} techniques exploited; ${result.requests} requests, ${result.tokens} tokens, ${wall.toFixed(1)} s${result.stopped ? `; stopped: ${result.stopped}` : ''}\n`);
    console.log('| technique | successes / attempts | requests to first exploit | wall time to first exploit |');
    console.log('|---|---|---|---|');
    for (const t of result.techniques) {
      const f = first.get(t.technique);
      console.log(`| ${t.technique} | ${t.successes}/${t.attempts} | ${f ? f.requests : '—'} | ${f ? `${(f.ms / 1000).toFixed(2)} s` : '—'} |`);
    }
  }
}
