import type { TechniqueId } from '../atlas/ids.ts';
import type { Severity } from '../checks/contract.ts';
import type { EventRef } from './event.ts';
import type { Raise } from './detector.ts';

/** One attack seen: a detector's raises for one client, merged. */
export interface Alert {
  /** `detector@client`, stable within a run. */
  id: string;
  detector: string;
  techniques: TechniqueId[];
  client: string;
  severity: Severity;
  summary: string;
  /** Times of the first and last event raised on (ms since the epoch), when the log gives times. */
  firstTime?: number;
  lastTime?: number;
  /** How many events of this client the monitor had seen when it first raised: how early it caught on. */
  atClientEvent: number;
  raises: number;
  /** Evidence events: those of the first raise, then later ones up to a cap. */
  events: EventRef[];
  measurements: Record<string, number>;
}

const MAX_EVIDENCE = 25;
const SEVERITY: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/**
 * Merges raises into alerts, one per detector, client and technique set. `onNew` is told of an alert the
 * moment it opens (for webhooks and followed logs); later raises extend it.
 */
export class AlertBook {
  private readonly open = new Map<string, Alert>();
  /** Bound on alerts kept: past it, new alerts are counted, not kept (a log of nothing but attacks stays bounded). */
  dropped = 0;

  constructor(
    private readonly onNew: (alert: Alert) => void = () => undefined,
    private readonly cap = 10_000,
  ) {}

  add(detector: string, client: string, clientEvent: number, raise: Raise): void {
    const key = `${detector}\u0000${client}\u0000${raise.techniques.join(',')}`;
    const known = this.open.get(key);
    const times = raise.evidence.map((e) => e.time).filter((t): t is number => t !== undefined);
    if (known) {
      known.raises++;
      if (times.length > 0) known.lastTime = Math.max(known.lastTime ?? -Infinity, ...times);
      for (const e of raise.evidence) if (known.events.length < MAX_EVIDENCE && !known.events.some((k) => k.line === e.line && k.source === e.source)) known.events.push(e);
      if (SEVERITY.indexOf(raise.severity) > SEVERITY.indexOf(known.severity)) known.severity = raise.severity;
      return;
    }
    if (this.open.size >= this.cap) {
      this.dropped++;
      return;
    }
    const alert: Alert = {
      id: `${detector}@${client}`,
      detector,
      techniques: raise.techniques,
      client,
      severity: raise.severity,
      summary: raise.summary,
      ...(times.length > 0 ? { firstTime: Math.min(...times), lastTime: Math.max(...times) } : {}),
      atClientEvent: clientEvent,
      raises: 1,
      events: raise.evidence.slice(-MAX_EVIDENCE),
      measurements: raise.measurements ?? {},
    };
    this.open.set(key, alert);
    this.onNew(alert);
  }

  all(): Alert[] {
    return [...this.open.values()];
  }
}
