import { sleep } from './sleep.ts';

export interface RateLimitOptions {
  /** Sustained calls per second. */
  perSecond: number;
  /** Calls allowed back to back before the rate applies. */
  burst: number;
}

/**
 * Client-side token bucket: keeps our own traffic under the rate the API owner allows, so an attack does not
 * turn into a denial of service. Counts calls, not inputs, since that is what server limits count.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = options.burst;
    this.last = now();
  }

  /** Wait for a token; returns the ms waited. */
  async acquire(signal?: AbortSignal): Promise<number> {
    let waited = 0;
    for (;;) {
      const t = this.now();
      this.tokens = Math.min(this.options.burst, this.tokens + ((t - this.last) / 1000) * this.options.perSecond);
      this.last = t;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return waited;
      }
      const wait = Math.ceil(((1 - this.tokens) / this.options.perSecond) * 1000);
      await sleep(wait, signal);
      waited += wait;
    }
  }
}
