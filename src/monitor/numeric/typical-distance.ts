import { ascending } from '../stats/select.ts';
import { ExactMemo } from './exact-memo.ts';

/**
 * What "far apart" means for this model's inputs, measured so that no one client sets it (issue #13, rescanning
 * clients flagged). The shared warm-up (`FeatureScale.typical`) is the median distance between consecutive inputs
 * of the log's first events, whoever sent them: when an evasion search is under way as the log starts, its probes
 * are most of those pairs (ART GeoDA sent 114 of the first 200 events on third-party seed 501, HopSkipJump 113 on
 * 507) and the "typical" distance came out 0.41 and 0.15 where natural digits are ~3 apart. Every cut in
 * typical distances then moved with it: a rescanned document's copies (~0.2 from their original) were no longer
 * near-copies, went into PRADA's distances, and four rescanning clients of four were flagged.
 *
 * Here only pairs of inputs from *different* clients count: each input is measured against the last input of the
 * client that sent before the current run began. A burst of probes is measured against another client's input, as
 * far from it as the data's inputs are from one another, however the burst's client queries. With fewer than
 * `MIN_PAIRS` such pairs (a log of one client) the caller falls back to the shared warm-up's figure.
 */
const MIN_PAIRS = 20;
const MAX_PAIRS = 1_000;

export class CrossClientDistance {
  /** The current run's client and its last input; the input the run is measured against, from the client before it. */
  private client: string | undefined;
  private last = new Float64Array(0);
  private other = new Float64Array(0);
  private hasOther = false;
  private readonly pairs: number[] = [];

  /** An input of the warm-up, in log order. */
  observe(client: string, x: Float64Array): void {
    if (this.client !== undefined && client !== this.client) {
      [this.other, this.last] = [this.last, this.other];
      this.hasOther = true;
    }
    this.client = client;
    if (this.hasOther && x.length === this.other.length && this.pairs.length < MAX_PAIRS) {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += ((x[i] as number) - (this.other[i] as number)) ** 2;
      this.pairs.push(Math.sqrt(s));
    }
    if (this.last.length !== x.length) this.last = new Float64Array(x.length);
    this.last.set(x);
  }

  /** The median of the pairs measured, or undefined when there were too few. */
  median(): number | undefined {
    if (this.pairs.length < MIN_PAIRS) return undefined;
    const sorted = [...this.pairs].sort((a, b) => a - b);
    const m = sorted[Math.floor(sorted.length / 2)] as number;
    return m > 0 ? m : undefined;
  }
}

/**
 * Typical distances from the warm-up's first few inputs of each client, pairs of different clients only: a client
 * counts with 8 inputs at most, so one that sent 130 of the warm-up's events weighs no more than one that sent 8. Measuring consecutive inputs
 * (`FeatureScale.typical`), or each input against the client before it (`CrossClientDistance`), leaves a search that
 * sends most of the warm-up in batches setting the figure, or too few pairs: ART's HopSkipJump sent 131 and ZOO 121
 * of the first 200 events on held-out seeds 1102 and 1103 of the sensors victim, and consecutive inputs gave 0.18 and
 * 0.0002 where natural readings are ~350 apart.
 * - `pair`: the median distance between inputs of different clients (how far apart natural inputs are);
 * - `nearest`: the median of each input's distance to the nearest input of another client (how near they come). On
 *   readings of two kinds of pump, 1,480 rpm apart, the median pair is of different kinds and swung from 151 to
 *   1,480 with the clients present; the nearest stays within a kind.
 */
export class WarmupDistances {
  private readonly inputs = new Map<string, Float64Array[]>();

  constructor(
    private readonly perClient = 8,
    private readonly maxClients = 64,
  ) {}

  /** An input of the warm-up. */
  observe(client: string, x: Float64Array): void {
    let own = this.inputs.get(client);
    if (!own) {
      if (this.inputs.size >= this.maxClients) return;
      this.inputs.set(client, (own = []));
    }
    if (own.length < this.perClient) own.push(Float64Array.from(x));
  }

  /**
   * Both medians (inputs of one length), or undefined with fewer than MIN_PAIRS pairs. Once: the inputs are let go.
   * Evasion search and membership probing measure the same warm-up: the second gets the first one's figures (exact-memo.ts).
   */
  medians(): { pair: number; nearest: number } | undefined {
    const entries = [...this.inputs];
    this.inputs.clear();
    const key = entries.flatMap(([, own]) => own);
    const tag = JSON.stringify(entries.map(([client, own]) => [client, own.length]));
    const known = measured.get(key, tag);
    if (known) return known.result;
    const result = mediansOf(entries.map(([, own]) => own));
    measured.set(key, tag, { result });
    return result;
  }
}

/** The last warm-up measured: one entry, as the detectors that measure one see the same events (64 clients' 8 inputs at most). */
const measured = new ExactMemo<{ result: { pair: number; nearest: number } | undefined }>(1);

function mediansOf(clients: readonly Float64Array[][]): { pair: number; nearest: number } | undefined {
  let count = 0;
  let total = 0;
  for (const own of clients) {
    total += own.length;
    count += own.length * own.length;
  }
  // Pairs of different clients' inputs: every pair less those within a client, each counted once.
  const pairs = new Float64Array((total * total - count) / 2);
  const nearest = new Float64Array(total).fill(Infinity);
  let m = 0;
  for (let a = 0, at = 0; a < clients.length; at += (clients[a] as Float64Array[]).length, a++) {
    const xs = clients[a] as Float64Array[];
    for (let b = a + 1, bt = at + xs.length; b < clients.length; bt += (clients[b] as Float64Array[]).length, b++) {
      const ys = clients[b] as Float64Array[];
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i] as Float64Array;
        for (let j = 0; j < ys.length; j++) {
          const y = ys[j] as Float64Array;
          if (x.length !== y.length) continue;
          const d = Math.sqrt(squaredDistance(x, y));
          pairs[m++] = d;
          if (d < (nearest[at + i] as number)) nearest[at + i] = d;
          if (d < (nearest[bt + j] as number)) nearest[bt + j] = d;
        }
      }
    }
  }
  if (m < MIN_PAIRS) return undefined;
  const pair = median(pairs.subarray(0, m));
  const near = median(nearest.filter((d) => d < Infinity));
  return pair > 0 && near > 0 ? { pair, nearest: near } : undefined;
}

/**
 * Σ (x − y)² in feature order. A function of its own, not a loop in `mediansOf`: that runs once, at the warm-up's end,
 * so in V8's interpreter (~5,500 pairs of 64 features on the bench); this is called for every pair, so V8 compiles it
 * (small: quickly) within the first few hundred pairs and the rest are measured by compiled code. The same numbers.
 */
function squaredDistance(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += ((x[k] as number) - (y[k] as number)) ** 2;
  return s;
}

/** The upper median, of ~5,000 pairs on the bench: sorted natively (stats/select.ts). */
function median(values: Float64Array): number {
  const sorted = ascending(values);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
