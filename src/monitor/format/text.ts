import type { Alert } from '../alerts.ts';
import type { MonitorStats } from '../engine.ts';

const iso = (t: number | undefined): string => (t === undefined ? 'no time' : new Date(t).toISOString());

/** One alert for a terminal or a log: severity, detector, techniques, client, when, why, where. */
export function alertText(alert: Alert): string {
  const when = alert.firstTime !== undefined ? `${iso(alert.firstTime)} → ${iso(alert.lastTime)}` : 'no times in the log';
  const where = alert.events
    .slice(-5)
    .map((e) => `${e.source}:${e.line}`)
    .join(', ');
  return [
    `ALERT ${alert.severity.toUpperCase()} ${alert.techniques.join(', ')} client ${alert.client} [${alert.detector}]`,
    `  ${alert.summary}`,
    `  at the client's event ${alert.atClientEvent}; ${when}; raised ${alert.raises}×; evidence ${where}${alert.events.length > 5 ? ` (+${alert.events.length - 5})` : ''}`,
  ].join('\n');
}

/** What was read, how much of it could not be, and what came of it. */
export function statsText(stats: MonitorStats, alerts: number): string {
  const lines = [
    `${stats.events} event(s) from ${stats.lines} line(s), ${stats.clients} client(s)${stats.firstTime !== undefined ? `, ${iso(stats.firstTime)} → ${iso(stats.lastTime)}` : ''}: ${alerts} alert(s)`,
  ];
  if (stats.malformed > 0) {
    lines.push(`${stats.malformed} malformed line(s) skipped:`);
    for (const m of stats.malformedLines.slice(0, 10)) lines.push(`  ${m.source}:${m.line}: ${m.problem}`);
    if (stats.malformed > 10) lines.push(`  … ${stats.malformed - 10} more (--format json lists the first 100)`);
  }
  if (stats.evicted > 0) lines.push(`${stats.evicted} client state(s) evicted at the detectors' caps (maxClients, or maxStateMb of state: a client seen again starts afresh)`);
  if (stats.droppedAlerts > 0) lines.push(`${stats.droppedAlerts} alert(s) past the cap of 10,000 counted, not kept`);
  return lines.join('\n');
}
