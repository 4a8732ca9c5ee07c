// `npm run bench llm-judge`: the LLM red team's deterministic judge on the labelled set of replies
// (precision, recall, per category), then campaigns against the in-process simulated apps (weak,
// keyword-filtered, hardened): requests and wall time to the first exploit per technique.
import { runCampaign } from '../src/llm/campaign.ts';
import { fakeApp } from '../src/llm/test-support/fake-apps.ts';
import { labelledResponses } from '../src/llm/test-support/labelled-responses.ts';
import { scoreJudge } from '../src/llm/test-support/score-judge.ts';

export async function run(): Promise<void> {
  const cases = labelledResponses();
  const score = scoreJudge();
  console.log(`### Judge on ${cases.length} labelled replies (${cases.filter((c) => c.exploited).length} exploited, ${cases.filter((c) => !c.exploited).length} not)\n`);
  console.log('| precision | recall | true pos. | false pos. | false neg. | true neg. |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| ${score.precision.toFixed(3)} | ${score.recall.toFixed(3)} | ${score.tp} | ${score.fp} | ${score.fn} | ${score.tn} |`);
  console.log(`\nmissed: ${score.misses.join(', ') || 'none'}; false alarms: ${score.falseAlarms.join(', ') || 'none'}`);
  for (const kind of ['weak', 'filtered', 'hardened'] as const) {
    const started = performance.now();
    const firsts = new Map<string, { requests: number; ms: number; probe: string }>();
    let requests = 0;
    const result = await runCampaign(fakeApp(kind), {
      seed: 1,
      budget: 2000,
      onTranscript: (a) => {
        requests += a.requests;
        for (const t of a.exploited) if (!firsts.has(t)) firsts.set(t, { requests, ms: performance.now() - started, probe: a.probe });
      },
    });
    const ms = performance.now() - started;
    console.log(`\n### Simulated ${kind} app: ${result.requests} requests, ${result.attempts.length} probes, ${result.attempts.filter((a) => a.success).length} successful, ${ms.toFixed(0)} ms\n`);
    if (firsts.size === 0) {
      console.log('no technique exploited');
      continue;
    }
    console.log('| technique | requests to first exploit | ms | probe |');
    console.log('|---|---|---|---|');
    for (const [t, f] of [...firsts.entries()].sort()) console.log(`| ${t} | ${f.requests} | ${f.ms.toFixed(0)} | ${f.probe} |`);
  }
}
