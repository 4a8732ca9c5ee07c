import { BudgetExhaustedError } from './prediction-target.ts';

/** Counts queries against an optional ceiling. */
export class QueryBudget {
  private used = 0;

  constructor(
    private readonly target: string,
    readonly limit: number | undefined,
  ) {}

  get spent(): number {
    return this.used;
  }

  remaining(): number {
    return this.limit === undefined ? Infinity : Math.max(0, this.limit - this.used);
  }

  /** Reserve `n` queries or throw, so a request the budget cannot pay for is never sent. */
  take(n: number): void {
    if (this.limit !== undefined && this.used + n > this.limit) throw new BudgetExhaustedError(this.target, this.limit);
    this.used += n;
  }
}
