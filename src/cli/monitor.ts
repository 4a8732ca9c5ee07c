import type { Command } from 'commander';
import { inputError, usageError } from '../errors.ts';
import type { Alert } from '../monitor/alerts.ts';
import { createDetectors, monitorChecks } from '../monitor/detectors.ts';
import { Monitor, type MonitorStats } from '../monitor/engine.ts';
import { alertText, statsText } from '../monitor/format/text.ts';
import { followLog, readLog } from '../monitor/lines.ts';
import { loadMapping } from '../monitor/mapping.ts';
import { PRESET_NAMES } from '../monitor/presets.ts';
import { judgeRun } from '../monitor/unjudged.ts';
import { webhookPoster } from '../monitor/webhook.ts';
import { EXIT } from './exit-codes.ts';
import { formatOption } from './options.ts';
import { writeErr, writeOut } from './output.ts';

/** Lines a followed log is read before the monitor says whether its detectors can read it. */
const FOLLOW_CHECK_LINES = 200;

interface MonitorOptions {
  follow?: boolean;
  mapping: string;
  format: 'text' | 'json' | 'ocsf';
  webhook?: string;
  detectors?: string;
  params?: string;
  maxClients?: string;
  trainingData?: string;
  trainingLabel?: string;
}

/** `rampart monitor LOG…`: the streaming detectors of src/monitor/ over inference logs. */
export function registerMonitor(program: Command): void {
  program
    .command('monitor')
    .description('watch inference logs (JSON Lines files, stdin, or followed files) for attacks: extraction, evasion search, membership probing, floods, prompt attacks, leaks')
    .argument('<logs...>', 'JSON Lines log files; - reads standard input')
    .option('--follow', 'keep reading what is appended to the files (like tail -F) until interrupted; alerts print as they open')
    .option('--mapping <file|preset>', `how log records map to events: a YAML mapping file or a preset (${PRESET_NAMES.join(', ')})`, 'rampart')
    .addOption(formatOption(['text', 'json', 'ocsf'] as const))
    .option('--webhook <url>', 'POST each alert as JSON to this URL as it opens')
    .option('--detectors <ids>', 'comma-separated detectors (monitor/extraction, …) or families; all by default')
    .option('--params <file>', 'YAML: parameters per detector id, e.g. monitor/reply-leakage: { canaries: [...] }')
    .option('--max-clients <n>', 'clients whose event counts are tracked at once', '100000')
    .option('--training-data <file>', 'the model’s training data (CSV, TSV, JSON Lines, Parquet, NumPy) or a manifest written by rampart data manifest --records: monitor/training-records flags clients sending its records')
    .option('--training-label <column>', 'the label column of --training-data (every other column is a feature, in the order the model takes them)')
    .addHelpText('after', '\nExit codes: 0 no alert, 1 alerts raised, 2 usage or input error (also: no event carried what the content detectors read — a mapping that misreads the log). Malformed lines are counted, reported with their line numbers, and skipped.')
    .action(async (logs: string[], options: MonitorOptions) => {
      process.exitCode = await runMonitor(logs, options);
    });
}

async function runMonitor(logs: string[], options: MonitorOptions): Promise<number> {
  if (options.follow && logs.includes('-')) throw usageError('--follow reads files; standard input is read as it arrives anyway', 'drop --follow, or name the files');
  if (logs.filter((l) => l === '-').length > 1) throw usageError('standard input (-) can be read once');
  const maxClients = Number(options.maxClients);
  if (!Number.isInteger(maxClients) || maxClients < 1) throw usageError(`--max-clients must be a positive whole number, not ${options.maxClients}`);
  if (options.webhook !== undefined && !/^https?:\/\//i.test(options.webhook)) throw usageError(`--webhook must be an http(s) URL, not ${options.webhook}`);
  const mapping = await loadMapping(options.mapping);
  const params = options.params ? await readParams(options.params) : {};
  const only = options.detectors?.split(',').map((s) => s.trim()).filter(Boolean);
  if (options.trainingLabel !== undefined && options.trainingData === undefined) throw usageError('--training-label names a column of --training-data', 'add --training-data FILE');
  // The data readers (Parquet, NumPy, …) load only when asked for.
  const trainingRecords = options.trainingData ? await (await import('../monitor/training-set/read-training-records.ts')).readTrainingRecords(options.trainingData, options.trainingLabel) : undefined;
  const detectors = createDetectors(only, params, options.params, trainingRecords ? { trainingRecords } : {});
  const atlas = options.format === 'ocsf' ? await (await import('../atlas/load.ts')).loadAtlas() : undefined;
  const { ocsfDetectionFinding } = await import('../monitor/format/ocsf.ts');
  const webhook = options.webhook ? webhookPoster(options.webhook, (m) => writeErr(m)) : undefined;

  const live = Boolean(options.follow);
  const show = (alert: Alert): string => (options.format === 'text' ? alertText(alert) : JSON.stringify(options.format === 'ocsf' ? ocsfDetectionFinding(alert, atlas, Date.now()) : alert));
  const monitor = new Monitor({
    mapping,
    detectors,
    maxClients,
    onAlert: (alert) => {
      webhook?.post(alert);
      if (live) writeOut(show(alert));
    },
  });
  const samples: string[] = [];
  // No alert from detectors that could read nothing is no evidence: a log read with the wrong mapping must not pass for clean.
  const specs = monitorChecks().filter((c) => detectors.some((d) => d.id === c.id)).map((c) => ({ id: c.id, requires: c.detector.requires }));
  const judge = (stats: MonitorStats) => judgeRun({ detectors: specs, chosen: only !== undefined, events: stats.events, counts: stats.fields, mapping: options.mapping, samples });
  let lines = 0;
  // Told of each line's outcome once the monitor has read it, in either form.
  const after = (problem: string | undefined, source: string, line: number): void => {
    if (live && problem) writeErr(`${source}:${line}: skipped: ${problem}`);
    // A followed log runs until interrupted: say early, once, that the mapping misreads it.
    if (live && ++lines === FOLLOW_CHECK_LINES) {
      const early = judge(monitor.result().stats);
      for (const warning of [...early.warnings, ...(early.error ? [`${early.error.problem} (${early.error.hint})`] : [])]) writeErr(`warning: after ${lines} lines: ${warning}`);
    }
  };
  const sink = (text: string, source: string, line: number): void => {
    if (samples.length < 20 && text.trim() !== '') samples.push(text);
    after(monitor.line(text, source, line), source, line);
  };
  // A file read to its end gives bytes: the monitor reads them without making the line a string (lines.ts).
  const byteSink = (b: Buffer, start: number, end: number, source: string, line: number): void => {
    if (samples.length < 20) {
      const text = b.toString('utf8', start, end);
      if (text.trim() !== '') samples.push(text);
    }
    after(monitor.lineBytes(b, start, end, source, line), source, line);
  };

  if (live) {
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const wait = (ms: number, signal: AbortSignal): Promise<void> =>
      new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
      });
    // Read to its end, a followed log's held first events go on where waiting gains nothing (warmup-stage.ts, `idle`).
    const caughtUp = (ms: number, signal: AbortSignal): Promise<void> => {
      monitor.caughtUp();
      return wait(ms, signal);
    };
    await Promise.all(logs.map((log) => followLog(log, sink, { signal: controller.signal, wait: caughtUp })));
  } else {
    for (const log of logs) await readLog(log, byteSink);
  }
  monitor.releaseWarmup();
  await webhook?.flush();
  const { alerts, stats } = monitor.result();
  if (!live) {
    alerts.sort((a, b) => (a.firstTime ?? 0) - (b.firstTime ?? 0));
    if (options.format === 'json') writeOut(JSON.stringify({ alerts, stats, ...(webhook ? { webhook: webhook.counts } : {}) }, null, 2));
    else if (options.format === 'ocsf') writeOut(JSON.stringify(alerts.map((a) => ocsfDetectionFinding(a, atlas, Date.now())), null, 2));
    else for (const alert of alerts) writeOut(alertText(alert));
  }
  const summary = statsText(stats, alerts.length);
  if (options.format === 'text') writeOut(summary);
  else writeErr(summary);
  if (webhook && (webhook.counts.failed > 0 || webhook.counts.dropped > 0)) writeErr(`webhook: ${webhook.counts.sent} sent, ${webhook.counts.failed} failed, ${webhook.counts.dropped} dropped`);
  const judged = judge(stats);
  for (const warning of judged.warnings) writeErr(`warning: ${warning}`);
  if (judged.error) throw inputError(judged.error.problem, { file: logs.join(', ') }, judged.error.hint);
  return alerts.length > 0 ? EXIT.findings : EXIT.ok;
}

async function readParams(file: string): Promise<Record<string, unknown>> {
  const { readSourceFile } = await import('../util/yaml-source.ts');
  const source = await readSourceFile(file, 'detector parameters');
  if (source.data === null || source.data === undefined) return {};
  if (typeof source.data !== 'object' || Array.isArray(source.data)) throw usageError(`${file}: detector parameters must be a mapping of detector id to parameters`);
  return source.data as Record<string, unknown>;
}
