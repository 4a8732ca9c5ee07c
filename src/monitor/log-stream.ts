import { resolve } from 'node:path';
import type { TechniqueId } from '../atlas/ids.ts';
import type { LogStreamTarget } from '../checks/monitor/monitor-check.ts';
import type { LogSource } from '../inventory/asset.ts';
import { loadMapping } from './mapping.ts';
import { PRESET_NAMES } from './presets.ts';

/** The `log-stream` target of an `inference-logs` asset: its logs with their mappings loaded, paths resolved. */
export async function openLogStream(logs: readonly LogSource[], base: string): Promise<LogStreamTarget> {
  return {
    kind: 'log-stream',
    logs: await Promise.all(
      logs.map(async (log) => ({
        label: log.path,
        path: resolve(base, log.path),
        mapping: await loadMapping((PRESET_NAMES as string[]).includes(log.mapping) ? log.mapping : resolve(base, log.mapping)),
        ...(log.expect ? { expect: log.expect as TechniqueId[] } : {}),
      })),
    ),
  };
}
