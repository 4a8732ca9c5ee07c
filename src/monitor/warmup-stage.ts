import type { InferenceEvent } from './event.ts';

/** A held event and its number among its client's events (what an alert says it came at). */
export interface Held {
  event: InferenceEvent;
  n: number;
  first: boolean;
}

/**
 * The log's first events, held until they make a warm-up no one client dominates (issue #13, held-out credit seed
 * 1406). The numeric detectors learn what natural inputs look like from their first `warmup` inputs, whoever sent
 * them: the features' ranges and common scale, the value domain, the share of answers near the boundary, the
 * quantisation's levels. When a search is under way as the log starts, those inputs are its own: ART's
 * BoundaryAttack sent 186 of the first 200 on that seed, from uniform noise over the features' bounds, and the one
 * other client sent the rest. The counts' scale came out ~10 times too wide, extraction missed 4 of 4 extraction
 * tools and evasion search flagged 3 benign clients.
 *
 * So the monitor holds events back until `target` of them with an input come from clients each counted for their
 * first `perClient` events at most (an eighth of the warm-up: at least 8 clients), or until `limit` events are held
 * (25 times the warm-up; a log of one or two clients) or 32 MB of their numbers, or until the log ends; a followed
 * log read to its end lets them go on early only when waiting would gain nothing (`idle`). On seed 1406 the attack
 * tools, sending as fast as the API answers, left three clients in the first 2,000 events and eight by the 4,632nd. The monitor (engine.ts) then gives a detector that learns at
 * once the `sample` and every held event in log order, and any other the held events `balanced`: each client's first
 * `perClient` first, then the rest, each part in log order. Each client's own events keep their order and numbers,
 * so every per-client figure (its queries, the query an alert came at) is as before. Inputs and scores are copied
 * (the reader reuses their buffers).
 */
export class WarmupStage {
  private readonly held: Held[] = [];
  private readonly sent = new Map<string, number>();
  private counted = 0;
  /** Numbers copied (inputs and scores): 32 MB of them at most, 5,000 events of 784 features. */
  private numbers = 0;
  /** Held events that carry an input, and the log times of the earliest and latest held. */
  private inputs = 0;
  private firstTime = Infinity;
  private lastTime = -Infinity;

  constructor(
    private readonly target: number,
    private readonly perClient = Math.max(1, Math.ceil(target / 8)),
    private readonly limit = 25 * target,
    private readonly maxNumbers = 4_000_000,
  ) {}

  /** Holds a copy of the event; true once the stage is complete and should be released. */
  hold(event: InferenceEvent): boolean {
    const n = (this.sent.get(event.client) ?? 0) + 1;
    this.sent.set(event.client, n);
    const first = n <= this.perClient;
    if (first && event.input !== undefined) this.counted++;
    this.held.push({ event: copied(event), n, first });
    this.numbers += (event.input?.length ?? 0) + (event.scores?.length ?? 0);
    if (event.input !== undefined) this.inputs++;
    if (event.time !== undefined) {
      this.firstTime = Math.min(this.firstTime, event.time);
      this.lastTime = Math.max(this.lastTime, event.time);
    }
    return this.counted >= this.target || this.held.length >= this.limit || this.numbers >= this.maxNumbers;
  }

  /**
   * Whether a followed log, read to its end, should have its held events go on before the stage is complete: when
   * they hold no input (an LLM gateway's log: nothing to balance, and its alerts should not wait for 5,000 events),
   * or when they span `idleSpan` of log time (an hour: a service with few clients, whose alerts should not wait for
   * ever). Not when nothing is held: a followed log that starts empty, or with a few lines, used to release the stage
   * at its first wait, and the warm-up was then whatever came first — on a log that opens during a search, the
   * search's own queries (credit seed 1406: 4 of 4 extraction tools missed, 3 benign clients flagged).
   */
  idle(idleSpan: number): boolean {
    if (this.held.length === 0) return false;
    return this.inputs === 0 || this.lastTime - this.firstTime >= idleSpan;
  }

  /**
   * The warm-up to learn from: the first `target` events with an input in the balanced order (each client's first,
   * then the rest), or none when the log held fewer (it ended first).
   */
  sample(balanced: readonly Held[] = this.balanced()): InferenceEvent[] {
    const out: InferenceEvent[] = [];
    for (const h of balanced) if (h.event.input !== undefined && out.length < this.target) out.push(h.event);
    return out.length === this.target ? out : [];
  }

  /** The held events in log order. */
  inLogOrder(): readonly Held[] {
    return this.held;
  }

  /** The held events with each client's first `perClient` first, then the rest, each part in log order. */
  balanced(): Held[] {
    return [...this.held.filter((h) => h.first), ...this.held.filter((h) => !h.first)];
  }
}

function copied(event: InferenceEvent): InferenceEvent {
  const copy = { ...event };
  if (event.input !== undefined) copy.input = Float64Array.from(event.input);
  if (event.scores !== undefined) copy.scores = event.scores.slice();
  return copy;
}
