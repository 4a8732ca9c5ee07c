import type { Vector } from '../ml/vector.ts';
import { BudgetExhaustedError, type Prediction, type PredictionTarget } from './prediction-target.ts';

interface Pending {
  inputs: readonly Vector[];
  signal: AbortSignal | undefined;
  resolve: (p: Prediction[]) => void;
  reject: (e: unknown) => void;
}

/**
 * Merges the requests that concurrent attack tasks make in the same turn of the event loop into one
 * `predict` call. Attacks stay simple (one input, one query at a time) while an HTTP API that takes
 * batches sees a few large calls instead of thousands of small ones.
 */
export function coalescing(target: PredictionTarget): PredictionTarget {
  let pending: Pending[] = [];
  let scheduled = false;

  const flush = async (): Promise<void> => {
    scheduled = false;
    const queue = pending;
    pending = [];
    // Serve requests in arrival order while the budget lasts; the rest learn the budget is spent.
    let room = target.remaining();
    const served: Pending[] = [];
    for (const request of queue) {
      if (request.inputs.length <= room) {
        served.push(request);
        room -= request.inputs.length;
      } else {
        request.reject(new BudgetExhaustedError(target.name, target.stats().queries));
      }
    }
    if (served.length === 0) return;
    const { signal, release } = sharedSignal(served);
    try {
      if (served.length === 1) {
        const only = served[0] as Pending;
        only.resolve(await target.predict(only.inputs, signal));
        return;
      }
      const inputs: Vector[] = [];
      for (const request of served) for (const x of request.inputs) inputs.push(x);
      const answers = await target.predict(inputs, signal);
      let at = 0;
      for (const request of served) {
        request.resolve(answers.slice(at, at + request.inputs.length));
        at += request.inputs.length;
      }
    } catch (error) {
      for (const request of served) request.reject(error);
    } finally {
      release();
    }
  };

  return {
    kind: 'prediction-api',
    name: target.name,
    get features() {
      return target.features;
    },
    get classes() {
      return target.classes;
    },
    maxBatch: target.maxBatch,
    predict(inputs, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<Prediction[]>((resolve, reject) => {
        pending.push({ inputs, signal, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          // setImmediate runs after every task that is ready has queued its request.
          setImmediate(() => void flush());
        }
      });
    },
    remaining: () => target.remaining(),
    stats: () => target.stats(),
    close: () => target.close(),
  };
}

/**
 * The signal for a call shared by several requests: it aborts once every request's signal has (one task
 * giving up must not cancel the others' answers). Without it a hung call could not be abandoned at all.
 */
function sharedSignal(requests: readonly Pending[]): { signal: AbortSignal | undefined; release(): void } {
  const unique = new Set(requests.map((r) => r.signal));
  const none = { signal: undefined, release: () => undefined };
  if (unique.has(undefined)) return none;
  if (unique.size === 1) return { signal: requests[0]?.signal, release: () => undefined };
  const controller = new AbortController();
  let left = unique.size;
  const listeners: [AbortSignal, () => void][] = [];
  for (const s of unique as Set<AbortSignal>) {
    const onAbort = (): void => {
      if (--left === 0) controller.abort(s.reason);
    };
    if (s.aborted) onAbort();
    else {
      s.addEventListener('abort', onAbort, { once: true });
      listeners.push([s, onAbort]);
    }
  }
  return { signal: controller.signal, release: () => listeners.forEach(([s, f]) => s.removeEventListener('abort', f)) };
}
