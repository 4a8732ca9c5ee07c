import { AlertBook, type Alert } from './alerts.ts';
import { ClientTable } from './client-table.ts';
import type { Detector, Raise } from './detector.ts';
import type { InferenceEvent } from './event.ts';
import { eventsOf } from './extract.ts';
import { FastEvents } from './fast-line/fast-events.ts';
import { countFields, emptyFieldCounts, type FieldCounts } from './field-counts.ts';
import type { Mapping } from './mapping.ts';
import { WarmupStage } from './warmup-stage.ts';

export interface MonitorOptions {
  mapping: Mapping;
  detectors: readonly { id: string; detector: Detector }[];
  /** Told of each alert as it opens (webhooks, followed logs). */
  onAlert?: (alert: Alert) => void;
  /** Most clients whose event counts are kept (least recently seen evicted). */
  maxClients?: number;
}

/** A line the monitor could not read: counted, reported with where it was, and skipped. */
export interface Malformed {
  source: string;
  line: number;
  problem: string;
}

export interface MonitorStats {
  lines: number;
  events: number;
  malformed: number;
  /** The first malformed lines (up to 100) with what was wrong. */
  malformedLines: Malformed[];
  clients: number;
  /** Clients evicted by any detector at its cap (their state restarted if they came back). */
  evicted: number;
  firstTime?: number;
  lastTime?: number;
  droppedAlerts: number;
  /** How many events carried each field: a detector whose required field none carried judged nothing. */
  fields: FieldCounts;
}

const MAX_LINE = 4 * 1024 * 1024;
/** Log time a followed log's held first events may span before they go on unbalanced (`caughtUp`). */
const IDLE_SPAN_MS = 60 * 60 * 1000;

/** The streaming core: lines in, events through every detector, alerts out. Pure but for the callbacks. */
export class Monitor {
  private readonly book: AlertBook;
  private readonly counts: ClientTable<{ n: number }>;
  private readonly stats: MonitorStats = { lines: 0, events: 0, malformed: 0, malformedLines: [], clients: 0, evicted: 0, droppedAlerts: 0, fields: emptyFieldCounts() };
  /** Each detector with its raise callback, made once: a closure per detector per event was garbage at 50,000 events/s. */
  private readonly running: { detector: Detector; raise: (r: Raise) => void }[];
  private client = '';
  private clientEvent = 0;
  /** The mapping's one-pass reader (fast-line/), when its paths are of the kinds it reads. */
  private readonly fast: FastEvents | undefined;
  /** The log's first events, held until no one client dominates the detectors' warm-up (warmup-stage.ts); then undefined. */
  private stage: WarmupStage | undefined;

  constructor(private readonly options: MonitorOptions) {
    this.book = new AlertBook(options.onAlert);
    this.counts = new ClientTable(options.maxClients ?? 100_000, () => ({ n: 0 }));
    this.fast = FastEvents.of(options.mapping);
    this.running = options.detectors.map(({ id, detector }) => ({ detector, raise: (r: Raise) => this.book.add(id, this.client, this.clientEvent, r) }));
    const warmup = Math.max(0, ...options.detectors.map(({ detector }) => detector.warmup ?? 0));
    this.stage = warmup > 0 ? new WarmupStage(warmup) : undefined;
  }

  /** One line of a JSON Lines log. Blank lines are skipped; anything unreadable is counted and its problem returned. */
  line(text: string, source: string, lineNo: number): string | undefined {
    this.stats.lines++;
    if (text.length > MAX_LINE) return this.malformed(source, lineNo, `line longer than ${MAX_LINE} characters`);
    // ~2.5 µs a bench line where JSON.parse and eventsOf took ~6.7; lines it does not read go on as before.
    const fast = this.fast?.events(text, source, lineNo);
    if (fast !== undefined) {
      for (const event of fast) this.event(event);
      return undefined;
    }
    return this.parsed(text, source, lineNo);
  }

  /**
   * One line as the bytes `b[start..end)` (`b[end]` a 0, lines.ts), as `line` would take it decoded: the fast reader
   * reads an ASCII line in place; any other line is decoded and goes the generic way.
   */
  lineBytes(b: Buffer, start: number, end: number, source: string, lineNo: number): string | undefined {
    // A line of more bytes than the limit may have fewer characters: `line` counts them. Past three bytes a character
    // (the most UTF-8 gives one UTF-16 unit) it has more, and is not decoded: it may not fit a string at all.
    if (end - start > 3 * MAX_LINE) {
      this.stats.lines++;
      return this.malformed(source, lineNo, `line longer than ${MAX_LINE} characters`);
    }
    if (this.fast === undefined || end - start > MAX_LINE) return this.line(b.toString('utf8', start, end), source, lineNo);
    this.stats.lines++;
    const fast = this.fast.eventsOfBytes(b, start, end, source, lineNo);
    if (fast !== undefined) {
      for (const event of fast) this.event(event);
      return undefined;
    }
    return this.parsed(b.toString('utf8', start, end), source, lineNo);
  }

  /** The generic path: JSON.parse and extract.ts. */
  private parsed(text: string, source: string, lineNo: number): string | undefined {
    const trimmed = text.trim();
    if (trimmed === '') return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      return this.malformed(source, lineNo, `not JSON: ${(error as Error).message.slice(0, 120)}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return this.malformed(source, lineNo, 'not a JSON object');
    let events: InferenceEvent[];
    try {
      // Input vectors in reused buffers: detectors copy what they keep (detector.ts), so none is allocated per line.
      events = eventsOf(parsed, this.options.mapping, source, lineNo, true);
    } catch (error) {
      return this.malformed(source, lineNo, `cannot map: ${(error as Error).message.slice(0, 120)}`);
    }
    for (const event of events) this.event(event);
    return undefined;
  }

  event(event: InferenceEvent): void {
    this.stats.events++;
    countFields(this.stats.fields, event);
    if (event.time !== undefined) {
      if (this.stats.firstTime === undefined || event.time < this.stats.firstTime) this.stats.firstTime = event.time;
      if (this.stats.lastTime === undefined || event.time > this.stats.lastTime) this.stats.lastTime = event.time;
    }
    if (this.stage === undefined) this.judge(event);
    else if (this.stage.hold(event)) this.releaseWarmup();
  }

  /**
   * Hands the held first events on to the detectors (warmup-stage.ts): when the stage is complete, when the log ends
   * (`result`), or when a followed log has been read to its end and waiting gains nothing (`caughtUp`).
   * A detector that can learn its warm-up at once is given the stage's sample, then every held event in log order;
   * the others are given the held events in the balanced order (each client's first, then the rest), and learn from
   * their first as they come. Each client's own events keep their order, and their numbers, in both.
   */
  releaseWarmup(): void {
    const stage = this.stage;
    if (stage === undefined) return;
    this.stage = undefined;
    const balanced = stage.balanced();
    const sample = stage.sample(balanced);
    const learners = sample.length > 0 ? this.running.filter((r) => r.detector.learn !== undefined) : [];
    for (const { detector } of learners) detector.learn?.(sample);
    const others = this.running.filter((r) => !learners.includes(r));
    // Each client's count as its last held event left it, whoever is run: later events go on from there.
    for (const { event, n } of stage.inLogOrder()) this.counts.get(event.client).n = n;
    for (const { event, n } of stage.inLogOrder()) this.run(event, n, learners);
    for (const { event, n } of balanced) this.run(event, n, others);
  }

  /**
   * A followed log has been read to its end and waits for more: the held first events go on if waiting for more
   * would gain nothing (`WarmupStage.idle`: no input among them, or an hour of log time held), else the stage
   * waits for the clients that complete it.
   */
  caughtUp(): void {
    if (this.stage?.idle(IDLE_SPAN_MS)) this.releaseWarmup();
  }

  private judge(event: InferenceEvent): void {
    const count = this.counts.get(event.client);
    count.n++;
    this.run(event, count.n, this.running);
  }

  private run(event: InferenceEvent, clientEvent: number, running: readonly { detector: Detector; raise: (r: Raise) => void }[]): void {
    // The raise callbacks read whose event this is; an onAlert that feeds the monitor another event meanwhile
    // gets its own, and this one's is put back after.
    const outer = this.client;
    const outerEvent = this.clientEvent;
    for (const { detector, raise } of running) {
      this.client = event.client;
      this.clientEvent = clientEvent;
      detector.observe(event, raise);
    }
    this.client = outer;
    this.clientEvent = outerEvent;
  }

  private malformed(source: string, line: number, problem: string): string {
    this.stats.malformed++;
    if (this.stats.malformedLines.length < 100) this.stats.malformedLines.push({ source, line, problem });
    return problem;
  }

  result(): { alerts: Alert[]; stats: MonitorStats } {
    this.releaseWarmup();
    const memory = this.options.detectors.map((d) => d.detector.memory());
    return {
      alerts: this.book.all(),
      stats: {
        ...this.stats,
        fields: { ...this.stats.fields },
        clients: this.counts.size + this.counts.evicted,
        evicted: memory.reduce((s, m) => s + m.evicted, 0),
        droppedAlerts: this.book.dropped,
      },
    };
  }
}
