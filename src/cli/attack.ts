import { resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { FeatureConstraints } from '../attacks/constraints.ts';
import { spreadProbes } from '../attacks/exposure.ts';
import type { InputSet } from '../attacks/inputs.ts';
import type { CheckDeclaration, CheckResult, PredictionApiTarget } from '../checks/contract.ts';
import { evasionCheck } from '../checks/prediction-api/evasion/index.ts';
import { exposureCheck } from '../checks/prediction-api/exposure/index.ts';
import { extractionCheck } from '../checks/prediction-api/extraction/index.ts';
import { membershipInferenceCheck } from '../checks/prediction-api/membership-inference/index.ts';
import { inputError, usageError } from '../errors.ts';
import { openTargetFile } from '../targets/open-target.ts';
import { formatPath, readSourceFile } from '../util/yaml-source.ts';
import { readInputs } from '../attacks/inputs-file.ts';
import { EXIT } from './exit-codes.ts';
import { formatOption } from './options.ts';
import { colour, writeErr, writeOut } from './output.ts';
import { progressBar } from './progress-bar.ts';
import { runLlmAttack } from './attack-llm.ts';

const attacks = {
  evasion: evasionCheck,
  extraction: extractionCheck,
  membership: membershipInferenceCheck,
  exposure: exposureCheck,
} as const satisfies Record<string, CheckDeclaration<PredictionApiTarget>>;
type AttackName = keyof typeof attacks;
type AttackChoice = AttackName | 'llm';

interface AttackOptions {
  target: string;
  inputs?: string;
  budget?: number;
  format: 'text' | 'json';
  params?: string;
  queriesPerInput?: number;
  method?: string;
  norm?: string;
  seeds?: number;
  pool?: number;
  maxSeconds?: number;
  csvLabels: 'last' | 'none';
  out?: string;
  queryLog?: string;
  queryLogInputs?: boolean;
  probes?: string;
  seed?: number;
  transcripts?: string;
}

export function registerAttack(program: Command): void {
  program
    .command('attack')
    .description('Red-team a prediction API within a query budget (evasion, extraction, membership inference, exposure) or an LLM application (llm)')
    .addArgument(program.createArgument('<attack>', 'which attack').choices([...Object.keys(attacks), 'llm']))
    .requiredOption('--target <file>', 'TARGET.yaml describing the API (a preset such as mlflow, or http-json, kserve-v2, onnx); for llm, the chat target file')
    .option('--inputs <file>', 'inputs: JSON { "inputs": [[…]], "labels": […], "members": […] } or CSV')
    .option('--budget <n>', 'most queries to send (lowers the target file budget)', positiveInt)
    .addOption(formatOption(['text', 'json'] as const))
    .option('--params <file>', 'check parameters as YAML/JSON (see src/attacks/README.md)')
    .option('--queries-per-input <n>', 'evasion: queries per attacked input', positiveInt)
    .addOption(new Option('--method <method>', 'evasion: attack').choices(['hop-skip-jump', 'simba']))
    .addOption(new Option('--norm <norm>', 'evasion: distance').choices(['l2', 'linf']))
    .option('--seeds <n>', 'extraction: the first N inputs are seeds, the rest held out', positiveInt)
    .option('--pool <n>', 'extraction: the N inputs after the seeds are a pool the attack may choose queries from (not held out)', positiveInt)
    .option('--max-seconds <n>', 'evasion, extraction: stop after about N seconds and report what was found (evasion abandons calls in flight)', positiveInt)
    .addOption(new Option('--csv-labels <where>', 'CSV inputs: label column').choices(['last', 'none']).default('last'))
    .option('--out <file>', 'also write the JSON result here')
    .option('--query-log <file>', 'write every call to this JSON Lines file (overrides the target file)')
    .option('--query-log-inputs', 'write the inputs and scores into the query log too, so that rampart monitor can replay the attack (as queryLog: { includeInputs: true })')
    .option('--probes <list>', 'llm: probe families or family/probe ids, comma-separated (all when omitted)')
    .option('--seed <n>', 'llm: seed of the adaptive search (same seed, same deterministic app: same transcripts)', positiveInt)
    .option('--transcripts <file>', 'llm: write every transcript to this JSON Lines file, declared secrets redacted')
    .action(async (attack: AttackChoice, options: AttackOptions) => {
      process.exitCode = attack === 'llm' ? await runLlmAttack(options) : await runAttack(attack, options);
    });
}

async function runAttack(attack: AttackName, options: AttackOptions): Promise<number> {
  const check = attacks[attack];
  const fileParams = options.params ? await readParams(options.params) : {};
  const target = await openTargetFile(options.target, {
    ...(options.budget !== undefined ? { budget: options.budget } : {}),
    // A path on the command line is the user's, from where they stand; the target file's own is from the file.
    ...(options.queryLog ? { queryLog: resolve(options.queryLog) } : {}),
    ...(options.queryLogInputs ? { queryLogInputs: true } : {}),
    probe: attack === 'exposure',
  });
  const abort = new AbortController();
  // An AbortError: attacks stop and report what they found, rather than blaming the target.
  const onSigint = (): void => abort.abort(new DOMException('interrupted', 'AbortError'));
  process.once('SIGINT', onSigint);
  const bar = progressBar();
  try {
    const data = await inputsFor(attack, options, target, fileParams.constraints);
    const flags = {
      ...(options.queriesPerInput !== undefined ? { queriesPerInput: options.queriesPerInput } : {}),
      ...(options.method ? { method: options.method } : {}),
      ...(options.norm ? { norm: options.norm } : {}),
      ...(options.seeds !== undefined ? { seeds: options.seeds } : {}),
      ...(options.pool !== undefined ? { pool: options.pool } : {}),
      ...(options.maxSeconds !== undefined && attack !== 'membership' && attack !== 'exposure' ? { maxSeconds: options.maxSeconds } : {}),
      ...(attack === 'extraction' && options.budget !== undefined && fileParams.queries === undefined ? { queries: Math.max(10, options.budget - Math.max(0, data.inputs.length - (options.seeds ?? 100) - (options.pool ?? 0))) } : {}),
    };
    const parsed = check.params.safeParse({ ...fileParams, ...flags, data });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw usageError(`attack parameters: ${issue ? `${formatPath(issue.path) || '(top)'}: ${issue.message}` : 'invalid'}`, 'see "Parameters" in src/attacks/README.md');
    }
    const result: CheckResult = await check.run(
      { target, signal: abort.signal, progress: bar, clock: () => new Date(), logger: { debug: () => undefined, info: () => undefined, warn: (m) => writeErr(m) } },
      parsed.data as never,
    );
    bar.done();
    const report = {
      attack,
      check: check.id,
      target: { name: target.name, ...target.stats() },
      outcome: result.outcome,
      severity: result.severity,
      message: result.summary,
      techniques: result.techniques ?? check.techniques,
      measurements: result.measurements ?? {},
      ...(result.details as Record<string, unknown>),
    };
    const json = JSON.stringify(report, null, 2);
    if (options.out) await writeFile(options.out, `${json}\n`);
    writeOut(options.format === 'json' ? json : renderText(report));
    const stoppedBy = findTargetError(result.details);
    if (stoppedBy) {
      writeErr(`${colour.red('error')}: ${stoppedBy}\n  → the results above are what was found before the target failed`);
      return EXIT.usage;
    }
    return { pass: EXIT.ok, fail: EXIT.findings, inconclusive: EXIT.inconclusive, error: EXIT.usage }[result.outcome];
  } finally {
    bar.done();
    process.off('SIGINT', onSigint);
    await target.close();
  }
}

async function inputsFor(attack: AttackName, options: AttackOptions, target: PredictionApiTarget, constraints: unknown): Promise<InputSet> {
  if (options.inputs) return readInputs(options.inputs, options.csvLabels);
  if (attack === 'exposure' && target.features !== undefined) {
    // Exposure only needs well-formed inputs: values spread inside each feature's range ([0, 1] by default).
    const parsed = FeatureConstraints.safeParse(constraints ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw usageError(`attack parameters: constraints${issue && issue.path.length > 0 ? `.${formatPath(issue.path)}` : ''}: ${issue?.message ?? 'invalid'}`, 'see "Parameters" in src/attacks/README.md');
    }
    try {
      return { inputs: spreadProbes(target.features, parsed.data) };
    } catch (error) {
      throw usageError(`attack parameters: constraints: ${(error as Error).message}`, 'give one bound per feature, or one number for all');
    }
  }
  throw usageError(`rampart attack ${attack} needs --inputs`, attack === 'exposure' ? 'or declare "features" in the target file' : 'give inputs as JSON { "inputs": [[…]], "labels": […] } or CSV');
}

async function readParams(file: string): Promise<Record<string, unknown>> {
  const source = await readSourceFile(file, 'attack parameters');
  if (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data)) throw inputError('attack parameters must be a mapping', { file });
  return source.data as Record<string, unknown>;
}

function findTargetError(details: unknown): string | undefined {
  const d = details as { stopped?: string; stoppedBy?: string; summary?: { stopped?: string; stoppedBy?: string } };
  const s = d?.summary?.stopped ? d.summary : d;
  return s?.stopped === 'target-error' ? s.stoppedBy : undefined;
}

function renderText(report: { attack: string; target: { name: string; queries: number; calls: number; retries: number; throttled: number }; outcome: string; severity: string; message: string; techniques: readonly string[]; measurements: Record<string, number> }): string {
  const paint = { pass: colour.green, fail: colour.red, inconclusive: colour.yellow, error: colour.red }[report.outcome] ?? ((s: string) => s);
  const lines = [
    `${paint(report.outcome.toUpperCase())} (${report.severity}) ${report.attack} against ${report.target.name} — ${report.techniques.join(', ')}`,
    `  ${report.message}`,
    ...Object.entries(report.measurements).map(([k, v]) => `  ${k.padEnd(34)} ${Number.isInteger(v) ? v : v.toFixed(4)}`),
    `  queries sent: ${report.target.queries} in ${report.target.calls} calls (${report.target.retries} retries, ${report.target.throttled} throttled)`,
  ];
  return lines.join('\n');
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw usageError(`expected a positive whole number, got "${value}"`);
  return n;
}
