import type { Vector } from '../ml/vector.ts';
import { BudgetExhaustedError, type Prediction, type PredictionTarget } from '../targets/prediction-target.ts';
import { cutByDeadline, deadlinePassed, type AttackContext, type StopReason } from './context.ts';

/** Thrown inside an attack when it must stop; the attack returns its best result so far. */
export class StopAttack extends Error {
  constructor(readonly reason: StopReason | 'input-budget') {
    super(`attack stopped: ${reason}`);
    this.name = 'StopAttack';
  }
}

/**
 * The target as one attacked input sees it: a per-input query cap on top of the target's own budget,
 * the deadline and cancellation checked before every call. Every way a call can fail becomes `StopAttack`,
 * so the attack keeps the best input it has found; the caller reads `stopped` and `failure` to say why.
 */
export class Oracle {
  used = 0;
  /** Why the last call was refused or failed, when it was. */
  stopped: StopAttack['reason'] | undefined;
  /** The target's error, when a call failed (a lying or unreachable target). */
  failure: unknown;

  constructor(
    private readonly target: PredictionTarget,
    readonly cap: number,
    private readonly context: AttackContext,
  ) {}

  left(): number {
    return Math.max(0, Math.min(this.cap - this.used, this.target.remaining()));
  }

  async predict(xs: readonly Vector[]): Promise<Prediction[]> {
    if (this.context.signal?.aborted) throw this.stop(cutByDeadline(this.context) ? 'deadline' : 'aborted');
    if (deadlinePassed(this.context)) throw this.stop('deadline');
    if (this.used + xs.length > this.cap) throw this.stop('input-budget');
    try {
      const out = await this.target.predict(xs, this.context.signal);
      this.used += xs.length;
      return out;
    } catch (error) {
      if (error instanceof BudgetExhaustedError) throw this.stop('budget');
      if (this.context.signal?.aborted) throw this.stop(cutByDeadline(this.context) ? 'deadline' : 'aborted');
      this.failure = error;
      throw this.stop('target-error');
    }
  }

  async labels(xs: readonly Vector[]): Promise<number[]> {
    return (await this.predict(xs)).map((p) => p.label);
  }

  private stop(reason: StopAttack['reason']): StopAttack {
    this.stopped = reason;
    return new StopAttack(reason);
  }
}
