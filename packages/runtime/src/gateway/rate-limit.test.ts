import { describe, expect, test } from 'vitest';
import { TokenBuckets } from './rate-limit';

describe('TokenBuckets', () => {
  test('a burst is allowed, the next request waits for a refill, keys are independent', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 2, burst: 3 }, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBe(0);
    now = 500; // one token back
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
  });

  test('Retry-After is whole seconds, at least 1', () => {
    const buckets = new TokenBuckets({ perSecond: 0.1, burst: 1 }, () => 0);
    expect(buckets.take('k')).toBe(0);
    expect(buckets.take('k')).toBe(10);
  });
});
