import { resolve } from 'node:path';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { campaignBudget, type BudgetSource } from '../llm/campaign-budget.ts';
import type { LlmApp } from '../llm/chat.ts';
import { RampartError } from '../errors.ts';
import { openChatTargetFile } from '../targets/open-chat-target.ts';
import { EXIT } from './exit-codes.ts';
import { colour, writeErr, writeOut } from './output.ts';

/** The parts of the campaign result (src/llm/campaign.ts) this command prints. */
export interface CampaignView {
  seed: number;
  budget: number;
  /** Where `budget` came from: the target file caps the command's figure when lower. */
  budgetFrom?: BudgetSource;
  requests: number;
  tokens: number;
  stopped?: 'budget' | 'aborted' | 'target-error';
  error?: string;
  techniques: { technique: string; attempts: number; successes: number; rate: number; interval: [number, number]; cheapest?: { probe: string; requests: number }; requests: number; tokens: number }[];
  families: { family: string; attempts: number; successes: number; completed: boolean; skipped?: string; exploited: string[] }[];
  attempts: unknown[];
}

export type RunCampaign = (app: LlmApp, options: { probes?: string[]; budget?: number; seed?: number; signal?: AbortSignal; onTranscript?: (attempt: unknown) => void }) => Promise<CampaignView>;

/** The campaign runner (src/llm/campaign.ts), loaded when the command runs; tests put a stand-in here. */
let loadCampaign = async (): Promise<RunCampaign> => (await import('../llm/campaign.ts')).runCampaign;

export function useCampaignForTests(run: RunCampaign): void {
  loadCampaign = async () => run;
}

export interface LlmAttackOptions {
  target: string;
  probes?: string;
  budget?: number;
  seed?: number;
  format: 'text' | 'json';
  transcripts?: string;
  out?: string;
  queryLog?: string;
}

/** Strings anywhere in a value with the declared secrets redacted: transcripts leave the machine. */
export function redactDeep(value: unknown, redact: (s: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)]));
  return value;
}

export async function runLlmAttack(options: LlmAttackOptions): Promise<number> {
  const run = await loadCampaign();
  const app = await openChatTargetFile(options.target, { ...(options.budget !== undefined ? { budget: options.budget } : {}), ...(options.queryLog ? { queryLog: resolve(options.queryLog) } : {}) });
  const budget = campaignBudget(options.budget, app.fileBudget.requests);
  const abort = new AbortController();
  const onSigint = (): void => abort.abort(new DOMException('interrupted', 'AbortError'));
  process.once('SIGINT', onSigint);
  let transcripts: WriteStream | undefined;
  try {
    if (options.transcripts) {
      transcripts = createWriteStream(options.transcripts, { flags: 'w' });
      await once(transcripts, 'open').catch((error: NodeJS.ErrnoException) => {
        throw new RampartError('input', `cannot write transcripts to ${options.transcripts}: ${error.code ?? error.message}`, { file: options.transcripts }, 'check the folder exists and is writable');
      });
    }
    const result = await run(app, {
      ...(options.probes ? { probes: options.probes.split(',').map((p) => p.trim()).filter(Boolean) } : {}),
      budget: budget.requests,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      signal: abort.signal,
      onTranscript: (attempt) => transcripts?.write(`${JSON.stringify(redactDeep(attempt, app.redact))}\n`),
    });
    const spent = app.target.spent();
    const report = redactDeep({ target: { name: app.target.name, ...spent }, ...result, budgetFrom: budget.from, attempts: undefined }, app.redact) as CampaignView & { target: { name: string } };
    if (options.out) {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
    }
    writeOut(options.format === 'json' ? JSON.stringify(report, null, 2) : renderCampaign(report, app.target.name, { file: options.target, tokens: app.fileBudget.tokens }));
    if (result.stopped === 'target-error') {
      writeErr(`${colour.red('error')}: ${app.redact(result.error ?? 'the target failed')}\n  → the results above are what was found before the target failed`);
      return EXIT.usage;
    }
    return result.techniques.some((t) => t.successes > 0) ? EXIT.findings : EXIT.ok;
  } finally {
    process.off('SIGINT', onSigint);
    if (transcripts) {
      transcripts.end();
      await once(transcripts, 'close').catch(() => undefined);
    }
    await app.close();
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

/** Says where the request budget came from, so a cap lower than `--budget` or the default is never a surprise. */
function budgetLine(result: CampaignView, file: string | undefined, tokenCap: number | undefined): string {
  const from =
    result.budgetFrom === 'target file'
      ? ` (capped by budget.requests in ${file ?? 'the target file'})`
      : result.budgetFrom === '--budget'
        ? ' (--budget)'
        : result.budgetFrom === 'default'
          ? ' (the default; --budget or the target file lower it)'
          : '';
  const tokens = tokenCap !== undefined ? `${result.tokens} of ${tokenCap} (budget.tokens in ${file ?? 'the target file'})` : String(result.tokens);
  return `  requests: ${result.requests} of ${result.budget}${from}; tokens: ${tokens}${result.stopped ? `; stopped: ${result.stopped}` : ''}`;
}

export function renderCampaign(result: CampaignView, target: string, source: { file?: string; tokens?: number } = {}): string {
  const exploited = result.techniques.filter((t) => t.successes > 0).length;
  const lines = [
    `${exploited > 0 ? colour.red('EXPLOITED') : colour.green('NOT EXPLOITED')} ${exploited} of ${result.techniques.length} techniques tested against ${target} (seed ${result.seed})`,
    '',
    `  ${'technique'.padEnd(16)} ${'successes'.padStart(11)} ${'rate (95% CI)'.padEnd(18)} ${'requests'.padStart(8)} ${'tokens'.padStart(9)}  cheapest successful probe`,
    ...result.techniques.map((t) => {
      const rate = `${pct(t.rate)} (${pct(t.interval[0])}–${pct(t.interval[1])})`;
      const cheapest = t.cheapest ? `${t.cheapest.probe} (${t.cheapest.requests} req)` : '—';
      return `  ${t.technique.padEnd(16)} ${`${t.successes}/${t.attempts}`.padStart(11)} ${rate.padEnd(18)} ${String(t.requests).padStart(8)} ${String(t.tokens).padStart(9)}  ${cheapest}`;
    }),
    '',
    ...result.families.filter((f) => f.skipped).map((f) => `  skipped ${f.family}: ${f.skipped}`),
    budgetLine(result, source.file, source.tokens),
  ];
  return lines.join('\n');
}
