/**
 * Per-key rate limit of a gateway: a token bucket per key prefix, in this process's memory.
 * With N gateway replicas behind a balancer a key gets up to N times the rate (documented).
 * @module
 */

/** `perSecond` tokens refill each second, up to `burst`; a request takes one. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** Default: 10 requests a second per key, bursts of 20. */
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 10, burst: 20 };

/** Buckets kept before the fullest (idle) ones are forgotten. */
const MAX_BUCKETS = 10_000;

/** Token buckets by key. `take` answers 0 (allowed) or the seconds until a token is free. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when `key` may go now (a token is taken), else whole seconds to wait (for `Retry-After`). */
  take(key: string): number {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    b.tokens = Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond);
    b.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, b); // most recently used last
    if (this.buckets.size > MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }
}
