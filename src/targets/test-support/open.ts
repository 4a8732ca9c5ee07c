import { openTarget, type OpenOptions } from '../open-target.ts';
import type { PredictionTarget } from '../prediction-target.ts';
import { TargetFile } from '../target-file.ts';
import { expandPreset } from '../presets.ts';

/** Open a target from an inline target-file object, as the CLI would from TARGET.yaml. */
export function openInline(spec: unknown, options: OpenOptions = {}): Promise<PredictionTarget> {
  return openTarget(TargetFile.parse(expandPreset(spec)), { ...options, baseDir: process.cwd(), fallbackName: 'test-target' });
}

/**
 * The target-file object for our victim server's JSON API. Its timeout is generous: every route of the victim
 * server answers, and a short one turned slow answers on a loaded machine into target failures (tests of a hang set
 * their own).
 */
export function httpJsonSpec(url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'http-json',
    name: 'victim',
    url: `${url}/predict`,
    request: { template: { inputs: [] }, inputPath: 'inputs', maxBatch: 32 },
    response: { itemsPath: 'predictions', labelPath: 'label', scoresPath: 'scores' },
    classes: 10,
    features: 64,
    retries: { max: 2, baseDelayMs: 10, maxDelayMs: 2000 },
    timeoutMs: 30_000,
    ...extra,
  };
}
