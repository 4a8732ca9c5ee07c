import type { CheckContext, PredictionApiTarget } from '../contract.ts';

/** A check context around a target, for the tests of this family. */
export function contextFor(target: PredictionApiTarget): CheckContext<PredictionApiTarget> {
  return {
    target,
    signal: new AbortController().signal,
    progress: { update: () => undefined },
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined },
    clock: () => new Date(),
  };
}
