/**
 * Sign-in throttling: after `maxFailures` failed sign-ins within `windowMs`, an account (or an address) is refused
 * until the window has passed since its first counted failure. Counted per account and per address, so guessing one
 * account's password from many addresses and many accounts' passwords from one address are both slowed. The clock
 * is injected: tests move it instead of waiting. In memory: a restart forgets, which errs toward letting people in.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000 };
export const ADDRESS_POLICY: ThrottlePolicy = { maxFailures: 20, windowMs: 15 * 60_000 };

interface Window {
  since: number;
  failures: number;
}

export class SignInThrottle {
  private readonly accounts = new Map<string, Window>();
  private readonly addresses = new Map<string, Window>();

  constructor(
    private readonly clock: () => Date,
    private readonly accountPolicy = ACCOUNT_POLICY,
    private readonly addressPolicy = ADDRESS_POLICY,
  ) {}

  /** Seconds until a sign-in for this account from this address may be tried again; 0 when it may now. */
  retryAfter(account: string, address: string): number {
    const now = this.clock().getTime();
    const wait = Math.max(this.wait(this.accounts, account.toLowerCase(), this.accountPolicy, now), this.wait(this.addresses, address, this.addressPolicy, now));
    return Math.ceil(wait / 1000);
  }

  failed(account: string, address: string): void {
    const now = this.clock().getTime();
    this.count(this.accounts, account.toLowerCase(), this.accountPolicy, now);
    this.count(this.addresses, address, this.addressPolicy, now);
  }

  /** A correct password clears the account's count (not the address's: one good account must not unlock guessing others). */
  succeeded(account: string): void {
    this.accounts.delete(account.toLowerCase());
  }

  private wait(map: Map<string, Window>, key: string, policy: ThrottlePolicy, now: number): number {
    const window = map.get(key);
    if (!window) return 0;
    if (now - window.since >= policy.windowMs) {
      map.delete(key);
      return 0;
    }
    return window.failures >= policy.maxFailures ? window.since + policy.windowMs - now : 0;
  }

  private count(map: Map<string, Window>, key: string, policy: ThrottlePolicy, now: number): void {
    // Failures from many addresses must not grow memory without end: drop windows that have passed.
    if (map.size >= 10_000) for (const [k, w] of map) if (now - w.since >= policy.windowMs) map.delete(k);
    const window = map.get(key);
    if (!window || now - window.since >= policy.windowMs) map.set(key, { since: now, failures: 1 });
    else window.failures++;
  }
}
