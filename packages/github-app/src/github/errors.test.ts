import type { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { rateLimitDelayMs, toActivityFailure } from './errors';

const err = (status: number, headers: Record<string, string> = {}) => Object.assign(new Error(`HTTP ${status}`), { status, response: { headers } });

describe('GitHub errors → activity failures', () => {
  it('5xx are retryable', () => {
    const f = toActivityFailure(err(502), 'x') as ApplicationFailure;
    expect(f.nonRetryable).toBe(false);
    expect(f.type).toBe('GITHUB_502');
  });
  it('rate limits carry nextRetryDelay', () => {
    const now = Date.now();
    expect(rateLimitDelayMs(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(now / 1000) + 30) }, now)).toBeGreaterThan(25_000);
    expect(rateLimitDelayMs(429, { 'retry-after': '7' })).toBe(7000);
    const f = toActivityFailure(err(429, { 'retry-after': '3' }), 'x') as ApplicationFailure;
    expect(f.type).toBe('GITHUB_RATE_LIMITED');
    expect(f.nonRetryable).toBe(false);
    expect(f.nextRetryDelay).toBe(3000);
  });
  it('other 4xx (and a plain 403) are not retried', () => {
    expect((toActivityFailure(err(422), 'x') as ApplicationFailure).nonRetryable).toBe(true);
    expect((toActivityFailure(err(403, { 'x-ratelimit-remaining': '12' }), 'x') as ApplicationFailure).nonRetryable).toBe(true);
  });
});
