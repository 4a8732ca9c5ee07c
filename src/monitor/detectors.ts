import { inputError } from '../errors.ts';
import { MONITOR_CHECKS } from '../checks/monitor/registry.ts';
import type { MonitorCheck } from '../checks/monitor/monitor-check.ts';
import { selectChecks } from '../checks/select-checks.ts';
import type { Detector, DetectorContext } from './detector.ts';

/**
 * The monitor's detectors are the `monitor/*` checks: one declaration serves `rampart monitor`, `review
 * --checks` and `rampart detections` (which reads `detector.fields` and the techniques for its Sigma rules).
 */
export function monitorChecks(): MonitorCheck[] {
  return [...MONITOR_CHECKS];
}

/** Detectors for the chosen checks (ids or `monitor`), each with its parameters parsed; bad ones are an input error. */
export function createDetectors(only: readonly string[] | undefined, params: Record<string, unknown> = {}, file = 'parameters', context: DetectorContext = {}): { id: string; detector: Detector }[] {
  const selected = selectChecks(monitorChecks(), only) as MonitorCheck[];
  for (const id of Object.keys(params)) {
    if (!monitorChecks().some((c) => c.id === id)) throw inputError(`no detector "${id}"`, { file, path: id }, `detectors: ${monitorChecks().map((c) => c.id).join(', ')}`);
  }
  return selected.map((check) => {
    const parsed = check.params.safeParse(params[check.id] ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw inputError(`parameters for ${check.id} are invalid: ${issue?.message ?? 'invalid'}`, { file, path: [check.id, ...(issue?.path ?? [])].join('.') }, `see ${check.id} in docs/checks.md`);
    }
    return { id: check.id, detector: check.detector.create(parsed.data, context) };
  });
}
