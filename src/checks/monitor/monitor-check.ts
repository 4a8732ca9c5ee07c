import { z } from 'zod';
import type { TechniqueId } from '../../atlas/ids.ts';
import type { Alert } from '../../monitor/alerts.ts';
import type { DetectorSpec } from '../../monitor/detector.ts';
import { missingFields } from '../../monitor/field-counts.ts';
import type { Mapping } from '../../monitor/mapping.ts';
import { replayLogs } from '../../monitor/replay.ts';
import { defineCheck, type CheckDeclaration, type CheckResult, type Pointer } from '../contract.ts';
import type { LogTraining } from './training-data.ts';

/** An inference log as a check target: the logs an `inference-logs` asset names, each with its mapping. */
export interface LogStreamTarget {
  kind: 'log-stream';
  logs: LogToReplay[];
}

export interface LogToReplay {
  /** As the inventory names it (evidence and pointers use it). */
  label: string;
  path: string;
  mapping: Mapping;
  /**
   * Techniques an attack in this log is known to use (a replayed `rampart attack --query-log`): the detectors
   * that declare one of them must catch it. Absent for production logs, where any alert is news.
   */
  expect?: TechniqueId[];
  /** The training records of the model it serves (the inventory's `trainingData` or `trainedOn`), or why there are none. */
  training?: LogTraining;
}

export const MonitorDetails = z.object({
  logs: z.array(
    z.object({
      log: z.string(),
      events: z.number(),
      malformed: z.number(),
      /** A replayed attack (the inventory gave `expect`), as opposed to a production log. */
      replay: z.boolean(),
      expected: z.array(z.string()).optional(),
      caught: z.boolean().optional(),
      /** Fields the detector requires that no event of the log carried (or all of them for a log without events): it judged nothing there. */
      unread: z.array(z.string()).optional(),
      /** The training records the detectors were given (`from`: the file, and the asset naming it), or why none. */
      trainingRecords: z.union([z.object({ from: z.string(), records: z.number() }), z.object({ missing: z.string() })]).optional(),
      alerts: z.array(z.object({ client: z.string(), techniques: z.array(z.string()), atClientEvent: z.number(), firstTime: z.number().optional(), lastTime: z.number().optional(), raises: z.number(), summary: z.string() })),
    }),
  ),
});
export type MonitorDetails = z.output<typeof MonitorDetails>;

export type MonitorCheck<P extends z.ZodType = z.ZodType> = CheckDeclaration<LogStreamTarget, P, typeof MonitorDetails> & { detector: DetectorSpec<z.output<P>> };

interface MonitorCheckInput<P extends z.ZodType> {
  id: string;
  title: string;
  summary: string;
  techniques: TechniqueId[];
  params: P;
  examples: { title: string; params: z.input<P> }[];
  detector: DetectorSpec<z.output<P>>;
  /** `required`: the detector sees nothing without the model's training records; its evidence is inconclusive then, and says how to give them. */
  trainingRecords?: 'required';
}

/**
 * A detector as a check (`src/checks/monitor/<name>/`): same declaration as every check, plus the detector
 * (fields it reads, how to make one). `rampart monitor` runs the detectors live; as a check in `review --checks`
 * it replays the logs an `inference-logs` asset names. Its evidence is detective: a replayed attack caught
 * marks the technique *detected*; one missed shows the claimed detective control failing (src/assess/coverage.ts).
 */
export function defineMonitorCheck<P extends z.ZodType>(input: MonitorCheckInput<P>): MonitorCheck<P> {
  const check = defineCheck<LogStreamTarget, P, typeof MonitorDetails>({
    id: input.id,
    title: input.title,
    summary: input.summary,
    techniques: input.techniques,
    targetKind: 'log-stream',
    impact: { sendsTraffic: false, intrusive: false, cost: 'low' },
    params: input.params,
    evidence: MonitorDetails,
    examples: input.examples,
    run: async (context, params) => {
      const logs: MonitorDetails['logs'] = [];
      const pointers: Pointer[] = [];
      let events = 0;
      for (const log of context.target.logs) {
        context.signal.throwIfAborted();
        const given = log.training && 'given' in log.training ? log.training.given : undefined;
        const detector = input.detector.create(params, given ? { trainingRecords: given.records } : {});
        const { alerts, stats } = await replayLogs([log.path], log.mapping, [{ id: input.id, detector }], { signal: context.signal });
        events += stats.events;
        const expected = log.expect?.filter((t) => input.techniques.includes(t));
        const caught = expected && expected.length > 0 ? alerts.some((a) => a.techniques.some((t) => expected.includes(t))) : undefined;
        const unread = stats.events === 0 ? input.detector.requires.filter((f) => f !== 'client') : missingFields(input.detector.requires, stats.fields);
        const training = given ? { from: given.from, records: given.records.size } : log.training && 'missing' in log.training ? { missing: log.training.missing } : undefined;
        logs.push({ log: log.label, events: stats.events, malformed: stats.malformed, replay: log.expect !== undefined, ...(expected && expected.length > 0 ? { expected, caught } : {}), ...(unread.length > 0 ? { unread } : {}), ...(training ? { trainingRecords: training } : {}), alerts: alerts.slice(0, 50).map(brief) });
        for (const a of alerts.slice(0, 10)) for (const e of a.events.slice(-3)) pointers.push({ file: log.label, line: e.line, note: `${a.client}: ${a.techniques.join(', ')}` });
      }
      return verdict(input, logs, pointers, events);
    },
  });
  return Object.freeze({ ...check, detector: input.detector });
}

function brief(a: Alert): MonitorDetails['logs'][number]['alerts'][number] {
  return { client: a.client, techniques: a.techniques, atClientEvent: a.atClientEvent, ...(a.firstTime !== undefined ? { firstTime: a.firstTime } : {}), ...(a.lastTime !== undefined ? { lastTime: a.lastTime } : {}), raises: a.raises, summary: a.summary };
}

function verdict(input: MonitorCheckInput<z.ZodType>, logs: MonitorDetails['logs'], pointers: Pointer[], events: number): CheckResult<MonitorDetails> {
  if (input.trainingRecords !== 'required') return judged(input, logs, pointers, events);
  const given = logs.flatMap((l) => (l.trainingRecords && 'from' in l.trainingRecords ? [l.trainingRecords] : []));
  if (given.length === 0) {
    const why = logs.map((l) => (l.trainingRecords && 'missing' in l.trainingRecords ? l.trainingRecords.missing : undefined)).find((m) => m !== undefined) ?? 'no training records';
    return { outcome: 'inconclusive', severity: 'info', techniques: [], summary: `${input.title}: nothing to match the queries against, so membership inference with the candidate records goes unseen — ${why}`, measurements: { events, alerts: 0 }, pointers, details: { logs } };
  }
  const result = judged(input, logs, pointers, events);
  const from = [...new Map(given.map((g) => [g.from, g.records])).entries()].map(([file, n]) => `${n.toLocaleString('en-US')} from ${file}`).join(', ');
  return { ...result, summary: `${result.summary} (training records: ${from})` };
}

function judged(input: MonitorCheckInput<z.ZodType>, logs: MonitorDetails['logs'], pointers: Pointer[], events: number): CheckResult<MonitorDetails> {
  const measurements = { events, alerts: logs.reduce((s, l) => s + l.alerts.length, 0) };
  // A log whose events lack what the detector reads cannot show an attack: said, so that a log which does not
  // record inputs (or a mapping that misses them) is not taken for a detector that looked and saw nothing.
  const unread = (l: MonitorDetails['logs'][number]): string => (!l.unread ? '' : l.events === 0 ? ' (no event in the log)' : ` (no event carried ${l.unread.join(', ')}: the log does not record it, or its mapping misses it)`);
  const replayed = logs.filter((l) => l.expected);
  if (replayed.length > 0) {
    const missed = replayed.filter((l) => !l.caught);
    const techniques = [...new Set(replayed.flatMap((l) => l.expected ?? []))] as TechniqueId[];
    if (missed.length > 0) {
      return { outcome: 'fail', severity: 'high', techniques: [...new Set(missed.flatMap((l) => l.expected ?? []))] as TechniqueId[], summary: `missed the replayed attack in ${missed.map((l) => `${l.log}${unread(l)}`).join(', ')}: ${input.title} would not have alerted`, measurements, pointers, details: { logs } };
    }
    return { outcome: 'pass', severity: 'info', techniques, summary: `caught the replayed attack in ${replayed.map((l) => `${l.log} (at its query ${Math.min(...l.alerts.map((a) => a.atClientEvent))})`).join(', ')}`, measurements, pointers, details: { logs } };
  }
  // Only production logs tell of attacks under way; a replay speaks only to the detectors of its techniques.
  const production = logs.filter((l) => !l.replay);
  const alerted = [...new Set(production.flatMap((l) => l.alerts.flatMap((a) => a.techniques)))] as TechniqueId[];
  if (alerted.length > 0) {
    const clients = new Set(production.flatMap((l) => l.alerts.map((a) => a.client)));
    return { outcome: 'pass', severity: 'high', techniques: alerted, summary: `alerted on ${clients.size} client(s) in the logs: ${[...clients].slice(0, 5).join(', ')} — an attack is under way or was, and the detector sees it`, measurements, pointers, details: { logs } };
  }
  // Nothing to prove detection with: the evidence speaks for no technique.
  const blind = production.filter((l) => l.unread).map((l) => `${l.log}${unread(l)}`);
  const seen = blind.length > 0 ? `; it judged nothing in ${blind.join(', ')}` : '';
  return { outcome: 'pass', severity: 'info', techniques: [], summary: `no alert in ${production.reduce((n, l) => n + l.events, 0)} event(s) of production logs, and no replayed attack to test ${input.title} with${seen}`, measurements, pointers, details: { logs } };
}
