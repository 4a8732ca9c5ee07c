import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: (() => void) | null | undefined;

/**
 * A full garbage collection, now. For the few points of a large review where a great deal of memory has just become
 * garbage and V8, left to itself, lets it pile up: with a few hundred megabytes live, its heuristics allowed the heap
 * to double before collecting (measured at 10,000 assets: 0.4 → 0.8 GB during the write, docs/benchmarks/scale.md).
 * `--expose-gc` set at run time exposes `gc` to contexts made after it; where that is refused, this does nothing.
 */
export function collectGarbage(): void {
  if (collector === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collector = runInNewContext('gc') as () => void;
    } catch {
      collector = null;
    }
  }
  collector?.();
}
