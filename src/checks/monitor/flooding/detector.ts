import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { ClientTable } from '../../../monitor/client-table.ts';
import type { Detector, Raise } from '../../../monitor/detector.ts';
import { refOf, type InferenceEvent } from '../../../monitor/event.ts';
import { EventTrail, type TrailEntry } from '../../../monitor/event-trail.ts';
import { NumberRing, Reservoir } from '../../../monitor/numeric/vector.ts';
import { kthSmallest } from '../../../monitor/stats/select.ts';

export const FloodingParams = z.strictObject({
  minPerMinute: z.number().positive().default(60).describe('requests in a minute from one client that are always too many to ignore'),
  minPerSecond: z.number().positive().default(30).describe('requests (log lines) in one second from one client that are always too many to ignore: a flood at machine speed is seen in its first second, where a minute’s count waits for five times the population’s busiest minutes'),
  minTokensPerMinute: z.number().positive().default(20_000).describe('tokens in a minute from one client that are always too many to ignore'),
  minLatencyMs: z.number().positive().default(5_000).describe('median latency of a client’s recent requests that is always too slow to ignore'),
  factor: z.number().min(1).default(5).describe('a client is anomalous above this multiple of the population’s 99th percentile (per-client minutes)'),
  baselineMinutes: z.number().int().min(1).default(30).describe('client-minutes the population baseline needs before it counts (the fixed minimums apply alone until then)'),
  maxClients: z.number().int().min(1).default(100_000).describe('clients tracked at once; the least recently seen is evicted'),
});
export type FloodingParams = z.output<typeof FloodingParams>;

const T = (id: string): TechniqueId => id as TechniqueId;
const RATE = [T('AML.T0029'), T('AML.T0034')];
const TOKENS = [T('AML.T0034')];
const LATENCY = [T('AML.T0029')];

interface ClientState {
  minuteStart: number;
  requests: number;
  /** The client's current second (from its first request in it) and the requests (log lines: a batch is one) in it. */
  secondStart: number;
  secondRequests: number;
  lastSource: string;
  lastLine: number;
  lastTime: number;
  tokens: number;
  latencies: NumberRing;
  recent: EventTrail;
  raised: Set<string>;
}

/**
 * Flooding and cost harvesting, per client, against a learned baseline: requests and tokens per minute
 * (fixed minutes from each client's first event) and the median latency of its last 20 requests, each
 * against the population's 99th percentile of client-minutes (a bounded reservoir) times `factor`, and never
 * below fixed minimums. A flagged client's minutes stay out of the baseline, so a long flood does not teach
 * the detector that floods are normal.
 */
export function floodingDetector(params: FloodingParams): Detector {
  const clients = new ClientTable<ClientState>(params.maxClients, () => ({ minuteStart: Number.NaN, requests: 0, secondStart: Number.NaN, secondRequests: 0, lastSource: '', lastLine: -1, lastTime: Number.NaN, tokens: 0, latencies: new NumberRing(20), recent: new EventTrail(10), raised: new Set() }));
  const rates = new Baseline();
  const seconds = new Baseline();
  const tokens = new Baseline();
  const latency = new Baseline();
  const scratch = new Float64Array(20);
  /**
   * A new request (log line) of the client: counted in its current second, against the population's 99th percentile of
   * client-seconds times `factor`, never below `minPerSecond`. A batch's events (one line, one time) are one request: a
   * scoring job's 32 inputs a second are not a flood, a load tool's 100 single-input requests a second are.
   */
  const burst = (s: ClientState, event: InferenceEvent, time: number, raise: (r: Raise) => void): void => {
    s.lastSource = event.source;
    s.lastLine = event.line;
    s.lastTime = time;
    if (!(time - s.secondStart < 1_000) || time < s.secondStart) {
      if (!Number.isNaN(s.secondStart) && s.raised.size === 0) seconds.add(s.secondRequests);
      s.secondStart = time;
      s.secondRequests = 0;
    }
    s.secondRequests++;
    const secondLimit = limit(seconds, params.minPerSecond, params);
    if (s.secondRequests > secondLimit) raise(once(s, 'rate', event, RATE, `${event.client} sent ${s.secondRequests} requests within a second (limit ${Math.round(secondLimit)}: the population's 99th percentile of client-seconds × ${params.factor}, at least ${params.minPerSecond}): flooding`, { requestsPerSecond: s.secondRequests, limit: Math.round(secondLimit) }));
  };
  return {
    memory: () => ({ clients: clients.size, evicted: clients.evicted }),
    observe(event, raise) {
      if (event.time === undefined) return;
      const s = clients.get(event.client);
      if (!(event.time - s.minuteStart < 60_000) || event.time < s.minuteStart) {
        if (!Number.isNaN(s.minuteStart) && s.raised.size === 0) {
          rates.add(s.requests);
          tokens.add(s.tokens);
        }
        s.minuteStart = event.time;
        s.requests = 0;
        s.tokens = 0;
      }
      s.requests++;
      s.tokens += (event.tokensIn ?? 0) + (event.tokensOut ?? 0);
      s.recent.push(event);
      if (event.latencyMs !== undefined) {
        s.latencies.push(event.latencyMs);
        if (s.raised.size === 0) latency.add(event.latencyMs);
      }
      // A new request: another line, or another time on the same line (OpenTelemetry exports many spans a line; a
      // KServe batch's inputs share their line's time).
      if (event.line !== s.lastLine || event.source !== s.lastSource || event.time !== s.lastTime) burst(s, event, event.time, raise);
      const rateLimit = limit(rates, params.minPerMinute, params);
      if (s.requests > rateLimit) raise(once(s, 'rate', event, RATE, `${event.client} sent ${s.requests} requests within a minute (limit ${Math.round(rateLimit)}: the population's 99th percentile × ${params.factor}, at least ${params.minPerMinute}): flooding`, { requestsPerMinute: s.requests, limit: Math.round(rateLimit) }));
      const tokenLimit = limit(tokens, params.minTokensPerMinute, params);
      if (s.tokens > tokenLimit) raise(once(s, 'tokens', event, TOKENS, `${event.client} used ${s.tokens} tokens within a minute (limit ${Math.round(tokenLimit)}): cost harvesting`, { tokensPerMinute: s.tokens, limit: Math.round(tokenLimit) }));
      if (s.latencies.length >= 10) {
        const latencyLimit = latency.count >= params.baselineMinutes ? Math.max(params.minLatencyMs, params.factor * latency.p99()) : params.minLatencyMs;
        // The median is selected only where it may pass the limit (the comparison below stays the judge).
        const { values, length } = s.latencies;
        const median = mayExceedMedian(values, length, latencyLimit) ? medianOf(values, length, scratch) : Number.NaN;
        if (median > latencyLimit) raise(once(s, 'latency', event, LATENCY, `requests of ${event.client} take ${Math.round(median)} ms (median of its last ${s.latencies.length}; limit ${Math.round(latencyLimit)} ms): inputs that exhaust the model (sponge examples)`, { medianLatencyMs: Math.round(median), limit: Math.round(latencyLimit) }));
      }
    },
  };
}

const limit = (b: Baseline, floor: number, params: FloodingParams): number => (b.count >= params.baselineMinutes ? Math.max(floor, params.factor * b.p99()) : floor);

/**
 * Whether the upper median of `values` may be above `limit`: it is not when more than half of them (k + 1 of n, k =
 * ⌊n/2⌋, the median's rank) are at most the limit. One pass of comparisons, where selecting the median of 20 copied
 * and partitioned them every event.
 */
function mayExceedMedian(values: Float64Array, n: number, limit: number): boolean {
  let atMost = 0;
  for (let i = 0; i < n; i++) if ((values[i] as number) <= limit) atMost++;
  return atMost <= Math.floor(n / 2);
}

/** The upper median of up to `scratch.length` numbers, selected in a reused typed array (no allocation per event). */
function medianOf(values: Float64Array, n: number, scratch: Float64Array): number {
  for (let i = 0; i < n; i++) scratch[i] = values[i] as number;
  return kthSmallest(n === scratch.length ? scratch : scratch.subarray(0, n), Math.floor(n / 2));
}

function once(s: ClientState, kind: string, event: InferenceEvent, techniques: TechniqueId[], summary: string, measurements: Record<string, number>): Raise {
  const first = !s.raised.has(kind);
  s.raised.add(kind);
  return { techniques, severity: 'medium', summary, evidence: first ? s.recent.refs(note) : [refOf(event)], measurements };
}

function note(event: TrailEntry): string | undefined {
  const parts = [event.tokensIn !== undefined || event.tokensOut !== undefined ? `${(event.tokensIn ?? 0) + (event.tokensOut ?? 0)} tokens` : '', event.latencyMs !== undefined ? `${event.latencyMs} ms` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** A population's 99th percentile from a bounded sample, recomputed every 64 additions. */
class Baseline {
  private readonly sample = new Reservoir(2048);
  private cached = Number.NaN;
  private since = 0;

  add(v: number): void {
    this.sample.add(v);
    if (++this.since >= 64 || Number.isNaN(this.cached)) {
      this.since = 0;
      this.cached = this.sample.quantile(0.99);
    }
  }

  get count(): number {
    return this.sample.count;
  }

  p99(): number {
    return this.cached;
  }
}
