import type { Alert } from '../alerts.ts';
import type { Detector } from '../detector.ts';
import { Monitor } from '../engine.ts';
import { presetMapping } from '../mapping.ts';

/** What scoring needs of generated traffic: the clients, their roles, and the technique each attacking role must be flagged with. */
export interface Scorable {
  lines: string[];
  clients: readonly { id: string; role: string; queries: number }[];
  expected: Readonly<Record<string, string>>;
}

export interface AttackerScore {
  client: string;
  role: string;
  queries: number;
  /** The client's event count when the right technique was first raised; undefined when never. */
  caughtAt: number | undefined;
  /** Techniques raised on the client other than the expected one. */
  also: string[];
  early: boolean;
}

export interface Score {
  attackers: AttackerScore[];
  benign: number;
  benignFlagged: string[];
  events: number;
}

/** Runs detectors over generated traffic and scores them as the issue judges: right technique, early, few false alarms. */
export function scoreDetectors(traffic: Scorable, detectors: { id: string; detector: Detector }[]): Score {
  const monitor = new Monitor({ mapping: presetMapping('kserve'), detectors });
  traffic.lines.forEach((line, i) => monitor.line(line, 'traffic', i + 1));
  const { alerts, stats } = monitor.result();
  return { ...scoreAlerts(traffic, alerts), events: stats.events };
}

export function scoreAlerts(traffic: Scorable, alerts: readonly Alert[]): Omit<Score, 'events'> {
  const attackers = traffic.clients
    .filter((c) => c.role !== 'benign')
    .map((c): AttackerScore => {
      const expected = traffic.expected[c.role];
      const mine = alerts.filter((a) => a.client === c.id);
      const right = mine.filter((a) => a.techniques.includes(expected as never));
      const caughtAt = right.length > 0 ? Math.min(...right.map((a) => a.atClientEvent)) : undefined;
      const limit = c.role === 'slow-extraction' ? Math.min(1000, c.queries) : 0.2 * c.queries;
      return { client: c.id, role: c.role, queries: c.queries, caughtAt, also: [...new Set(mine.flatMap((a) => a.techniques))].filter((t) => t !== expected).sort(), early: caughtAt !== undefined && caughtAt <= limit };
    });
  const benign = traffic.clients.filter((c) => c.role === 'benign');
  const benignFlagged = benign.filter((c) => alerts.some((a) => a.client === c.id)).map((c) => c.id);
  return { attackers, benign: benign.length, benignFlagged };
}
