import type { Readable } from 'node:stream';
import type { Alert } from './alerts.ts';
import type { Detector } from './detector.ts';
import { Monitor, type MonitorStats } from './engine.ts';
import { readLog } from './lines.ts';
import type { Mapping } from './mapping.ts';

/** Run detectors over whole log files (or standard input) in order; what `rampart monitor` and the checks share. */
export async function replayLogs(
  paths: readonly string[],
  mapping: Mapping,
  detectors: readonly { id: string; detector: Detector }[],
  options: { onAlert?: (alert: Alert) => void; signal?: AbortSignal; stdin?: Readable; maxClients?: number } = {},
): Promise<{ alerts: Alert[]; stats: MonitorStats }> {
  const monitor = new Monitor({ mapping, detectors, ...(options.onAlert ? { onAlert: options.onAlert } : {}), ...(options.maxClients ? { maxClients: options.maxClients } : {}) });
  for (const path of paths) {
    options.signal?.throwIfAborted();
    await readLog(path, (b, start, end, source, line) => monitor.lineBytes(b, start, end, source, line), options.stdin);
  }
  return monitor.result();
}
